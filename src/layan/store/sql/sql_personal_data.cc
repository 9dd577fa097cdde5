#include "layan/store/sql/sql_personal_data.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "layan/store/stream_id.h"

namespace layan::store::sql {

namespace {

constexpr std::string_view kKeyFileHeader =
    "# layan personal-data master key. Keep it secret: with it the vault opens. Back it up apart from the\n"
    "# database: without it the personal data in the database can never be read again.\n";

// What a key derived from the master key is for (crypto_kdf subkey ids under one context).
constexpr std::string_view kKdfContext = "layanvlt";
constexpr std::uint64_t kWrappingKeyId = 1;
constexpr std::uint64_t kLookupKeyId = 2;
constexpr std::uint64_t kFingerprintKeyId = 3;
constexpr std::uint64_t kLinkKeyId = 4;

std::string WrappedKeyContext(std::string_view ref) { return fmt::format("layan/citizen-key/v1/{}", ref); }

std::string ValueContext(std::string_view ref, PersonalDataKind kind) {
    return fmt::format("layan/personal-data/v1/{}/{}", ref, ToString(kind));
}

std::string_view KeyBytes(const crypto::Key& key) { return {reinterpret_cast<const char*>(key.data()), key.size()}; }

std::string Fingerprint(const crypto::Key& master) {
    auto key = crypto::DeriveKey(master, kFingerprintKeyId, kKdfContext);
    auto fingerprint = crypto::ToHex(crypto::KeyedHash(key, "layan vault key fingerprint v1")).substr(0, 32);
    crypto::Wipe(key);
    return fingerprint;
}

std::int64_t Millis(core::Instant t) { return t.time_since_epoch().count(); }

/// Reads the master key from `path`, refusing a file other users may read.
crypto::Key ReadKeyFile(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        throw std::runtime_error(
            fmt::format("cannot read the personal-data key file {}: {}", path, std::strerror(errno)));
    }
    if ((info.st_mode & 077) != 0) {
        throw std::runtime_error(
            fmt::format("the personal-data key file {} may be read by other users (mode {:o}): run `chmod 600 {}`",
                        path, info.st_mode & 0777, path));
    }
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line.starts_with('#')) {
            continue;
        }
        auto bytes = crypto::DigestFromHex(line);
        if (!bytes) {
            break;
        }
        crypto::Key key{};
        std::copy(bytes->begin(), bytes->end(), key.begin());
        return key;
    }
    throw std::runtime_error(
        fmt::format("the personal-data key file {} is malformed: it should hold one line of 64 hex digits", path));
}

/// Creates the key file with a new key: 0600 from the start (O_EXCL, so an existing file is never
/// overwritten), synced with its directory before the database records its fingerprint.
crypto::Key CreateKeyFile(const std::string& path) {
    auto key = crypto::NewKey();
    std::string text = std::string(kKeyFileHeader) + crypto::ToHex(KeyBytes(key)) + "\n";
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        throw core::StorageUnavailable(
            fmt::format("cannot create the personal-data key file {}: {}", path, std::strerror(errno)));
    }
    bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    int saved_errno = errno;
    ::close(fd);
    std::fill(text.begin(), text.end(), '\0');
    if (!written) {
        std::filesystem::remove(path);
        throw core::StorageUnavailable(
            fmt::format("cannot write the personal-data key file {}: {}", path, std::strerror(saved_errno)));
    }
    auto parent = std::filesystem::absolute(path).parent_path();
    if (int dir = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return key;
}

}  // namespace

SqlPersonalDataVault::SqlPersonalDataVault(std::shared_ptr<ConnectionPool> pool, EventStore& events,
                                           const DatabaseOptions& options, VaultKey key)
    : pool_(std::move(pool)), events_(events), clock_(options.clock), key_(std::move(key)) {}

void SqlPersonalDataVault::CheckKey() { EnsureKeys(); }

std::string SqlPersonalDataVault::SignLink(std::string_view message) {
    EnsureKeys();
    return crypto::KeyedHash(link_key_, message);
}

void SqlPersonalDataVault::EnsureKeys() {
    if (keys_loaded_.load(std::memory_order_acquire)) {
        return;
    }
    std::lock_guard lock(keys_mutex_);
    if (!keys_loaded_.load(std::memory_order_relaxed)) {
        LoadMasterKey();
        keys_loaded_.store(true, std::memory_order_release);
    }
}

SqlPersonalDataVault::~SqlPersonalDataVault() {
    crypto::Wipe(wrapping_key_);
    crypto::Wipe(lookup_key_);
    crypto::Wipe(link_key_);
}

void SqlPersonalDataVault::LoadMasterKey() {
    auto connection = pool_->Writer();
    std::optional<std::string> recorded = connection->QueryText("SELECT key_fingerprint FROM vault_state WHERE id = 1");
    crypto::Key master{};
    if (key_.ephemeral) {
        master = crypto::NewKey();
    } else if (key_.file.empty()) {
        throw std::runtime_error(
            fmt::format("{} keeps no key file beside it: set personal_data_key_file to the personal-data vault's "
                        "master key file (it is created when neither it nor sealed data exists)",
                        pool_->description()));
    } else {
        if (std::filesystem::exists(key_.file)) {
            master = ReadKeyFile(key_.file);
        } else if (recorded) {
            throw std::runtime_error(fmt::format(
                "the personal-data key file {} is missing, but the database holds data sealed with a key "
                "(fingerprint {}): restore the key file from your backup, or point personal_data_key_file at it",
                key_.file, *recorded));
        } else {
            master = CreateKeyFile(key_.file);
        }
    }
    auto fingerprint = Fingerprint(master);
    if (recorded && *recorded != fingerprint) {
        crypto::Wipe(master);
        throw std::runtime_error(
            fmt::format("the personal-data key file {} holds key {}, but this database's data is sealed with key {}: "
                        "use the key file that belongs to this database",
                        key_.file, fingerprint, *recorded));
    }
    if (!recorded) {
        connection->Prepare("INSERT INTO vault_state (id, key_fingerprint, created_at) VALUES (1, ?1, ?2)")
            ->Bind(1, fingerprint)
            .Bind(2, Millis(clock_->Now()))
            .Run();
    }
    wrapping_key_ = crypto::DeriveKey(master, kWrappingKeyId, kKdfContext);
    lookup_key_ = crypto::DeriveKey(master, kLookupKeyId, kKdfContext);
    link_key_ = crypto::DeriveKey(master, kLinkKeyId, kKdfContext);
    crypto::Wipe(master);
}

std::string SqlPersonalDataVault::Lookup(PersonalDataKind kind, std::string_view value) const {
    // Callers have run EnsureKeys.
    return crypto::KeyedHash(lookup_key_, fmt::format("{}:{}", ToString(kind), value));
}

core::Result<std::string> SqlPersonalDataVault::Collect(const std::string& hall_id,
                                                        const std::vector<PersonalValue>& values, const Processor& by) {
    if (values.empty()) {
        return core::Fail(core::ErrorKind::kInvalid, "no_personal_data", "There is no personal data to store.");
    }
    std::set<PersonalDataKind> kinds;
    nlohmann::json items = nlohmann::json::array();
    for (const auto& value : values) {
        if (!kinds.insert(value.kind).second) {
            return core::Fail(core::ErrorKind::kInvalid, "duplicate_kind",
                              fmt::format("The {} is given twice.", ToString(value.kind)));
        }
        if (value.ground.purpose.empty() || value.ground.basis.empty()) {
            return core::Fail(core::ErrorKind::kInvalid, "invalid_ground",
                              "Personal data needs a purpose and a legal basis.");
        }
        items.push_back(
            {{"kind", ToString(value.kind)}, {"purpose", value.ground.purpose}, {"basis", value.ground.basis}});
    }
    EnsureKeys();
    auto ref = crypto::ToHex(crypto::RandomBytes(16));
    auto recorded = events_.Append(
        StreamId::Citizen(ref).Name(), ExpectedVersion{ExpectedVersion::kNoStream},
        {NewEvent{std::string(kPersonalDataCollected), {{"hall", hall_id}, {"items", items}}, MetadataOf(by)}});
    if (!recorded) {
        return tl::unexpected(recorded.error());
    }

    auto citizen_key = crypto::NewKey();
    {
        auto connection = pool_->Writer();
        WriteTransaction transaction(*connection);
        Statement& citizen = connection->Cached(
            "INSERT INTO citizens (ref, hall_id, wrapped_key, collected_at) VALUES (?1, ?2, ?3, ?4)");
        citizen.Bind(1, ref)
            .Bind(2, hall_id)
            .Bind(3, Blob{crypto::Seal(wrapping_key_, KeyBytes(citizen_key), WrappedKeyContext(ref))})
            .Bind(4, Millis(recorded->events.front().recorded_at))
            .Run();
        Statement& item = connection->Cached(
            "INSERT INTO personal_data (citizen_ref, kind, purpose, basis, lookup, sealed) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        for (const auto& value : values) {
            item.Bind(1, ref)
                .Bind(2, ToString(value.kind))
                .Bind(3, value.ground.purpose)
                .Bind(4, value.ground.basis)
                .Bind(5, Blob{Lookup(value.kind, value.value)})
                .Bind(6, Blob{crypto::Seal(citizen_key, value.value, ValueContext(ref, value.kind))})
                .Run();
        }
        transaction.Commit();
    }
    crypto::Wipe(citizen_key);
    return ref;
}

void SqlPersonalDataVault::AttachTicket(const std::string& ref, const std::string& ticket_stream,
                                        const std::string& ticket_id) {
    auto connection = pool_->Writer();
    Statement& attach = connection->Cached("UPDATE citizens SET ticket_stream = ?2, ticket_id = ?3 WHERE ref = ?1");
    attach.Bind(1, ref).Bind(2, ticket_stream).Bind(3, ticket_id).Run();
}

std::vector<CitizenRecord> SqlPersonalDataVault::ReadCitizens(Connection& connection, Statement& query) {
    std::vector<CitizenRecord> citizens;
    {
        ScopedReset reset(query);
        while (query.Step()) {
            CitizenRecord record;
            record.ref = query.Text(0);
            record.hall_id = query.Text(1);
            record.ticket_stream = query.IsNull(2) ? "" : query.Text(2);
            record.ticket_id = query.IsNull(3) ? "" : query.Text(3);
            record.collected_at = core::Instant{core::Millis{query.Int(4)}};
            if (!query.IsNull(5)) {
                record.erased_at = core::Instant{core::Millis{query.Int(5)}};
                record.erase_reason = query.Text(6);
            }
            citizens.push_back(std::move(record));
        }
    }
    Statement& held =
        connection.Cached("SELECT kind, purpose, basis FROM personal_data WHERE citizen_ref = ?1 ORDER BY kind DESC");
    for (auto& citizen : citizens) {
        ScopedReset reset(held);
        held.Bind(1, citizen.ref);
        while (held.Step()) {
            if (auto kind = ParsePersonalDataKind(held.Text(0))) {
                citizen.held.push_back({*kind, Ground{held.Text(1), held.Text(2)}});
            }
        }
    }
    return citizens;
}

namespace {
constexpr std::string_view kCitizenColumns =
    "SELECT c.ref, c.hall_id, c.ticket_stream, c.ticket_id, c.collected_at, c.erased_at, c.erase_reason "
    "FROM citizens c";
}  // namespace

std::optional<CitizenRecord> SqlPersonalDataVault::Find(const std::string& ref) {
    auto connection = pool_->Reader();
    static const std::string kSql = fmt::format("{} WHERE c.ref = ?1", kCitizenColumns);
    Statement& query = connection->Cached(kSql);
    query.Bind(1, ref);
    auto found = ReadCitizens(*connection, query);
    if (found.empty()) {
        return std::nullopt;
    }
    return std::move(found.front());
}

std::vector<CitizenRecord> SqlPersonalDataVault::FindByValue(PersonalDataKind kind, std::string_view value) {
    EnsureKeys();
    auto connection = pool_->Reader();
    static const std::string kSql = fmt::format(
        "{} JOIN personal_data p ON p.citizen_ref = c.ref WHERE p.lookup = ?1 AND p.kind = ?2 "
        "AND c.erased_at IS NULL ORDER BY c.collected_at, c.ref",
        kCitizenColumns);
    Statement& query = connection->Cached(kSql);
    query.Bind(1, Blob{Lookup(kind, value)}).Bind(2, ToString(kind));
    return ReadCitizens(*connection, query);
}

std::vector<CitizenRecord> SqlPersonalDataVault::ListCollectedBefore(core::Instant before) {
    auto connection = pool_->Reader();
    static const std::string kSql = fmt::format(
        "{} WHERE c.erased_at IS NULL AND c.collected_at < ?1 ORDER BY c.collected_at, c.ref", kCitizenColumns);
    Statement& query = connection->Cached(kSql);
    query.Bind(1, Millis(before));
    return ReadCitizens(*connection, query);
}

core::Result<std::vector<PersonalValue>> SqlPersonalDataVault::Reveal(const std::string& ref, const Ground& why,
                                                                      const Processor& by) {
    if (why.purpose.empty() || why.basis.empty()) {
        return core::Fail(core::ErrorKind::kInvalid, "invalid_ground",
                          "Reading personal data needs a purpose and a legal basis.");
    }
    EnsureKeys();
    auto citizen = Find(ref);
    if (!citizen) {
        return core::Fail(core::ErrorKind::kNotFound, "citizen_not_found",
                          fmt::format("The vault has no citizen {}.", ref));
    }
    auto erased = [&] {
        return core::Fail(core::ErrorKind::kConflict, "personal_data_erased",
                          fmt::format("The personal data of citizen {} has been erased.", ref));
    };
    if (citizen->erased_at) {
        return erased();
    }
    nlohmann::json kinds = nlohmann::json::array();
    for (const auto& held : citizen->held) {
        kinds.push_back(ToString(held.kind));
    }
    auto recorded = events_.Append(StreamId::Citizen(ref).Name(), ExpectedVersion{},
                                   {NewEvent{std::string(kPersonalDataAccessed),
                                             {{"purpose", why.purpose}, {"basis", why.basis}, {"kinds", kinds}},
                                             MetadataOf(by)}});
    if (!recorded) {
        return tl::unexpected(recorded.error());
    }

    std::string wrapped;
    std::vector<std::pair<PersonalValue, std::string>> sealed;
    {
        auto connection = pool_->Reader();
        Statement& read = connection->Cached(
            "SELECT c.wrapped_key, p.kind, p.purpose, p.basis, p.sealed FROM citizens c "
            "JOIN personal_data p ON p.citizen_ref = c.ref WHERE c.ref = ?1 ORDER BY p.kind DESC");
        ScopedReset reset(read);
        read.Bind(1, ref);
        while (read.Step()) {
            if (read.IsNull(0)) {
                return erased();
            }
            wrapped = read.Text(0);
            auto kind = ParsePersonalDataKind(read.Text(1));
            if (!kind) {
                continue;
            }
            sealed.emplace_back(PersonalValue{*kind, "", Ground{read.Text(2), read.Text(3)}}, read.Text(4));
        }
    }
    if (sealed.empty()) {
        return erased();
    }
    auto corrupt = [&] {
        return core::Fail(core::ErrorKind::kInternal, "vault_corrupt",
                          fmt::format("The personal data of citizen {} does not open with its key.", ref));
    };
    auto opened_key = crypto::Open(wrapping_key_, wrapped, WrappedKeyContext(ref));
    if (!opened_key || opened_key->size() != sizeof(crypto::Key)) {
        return corrupt();
    }
    crypto::Key citizen_key{};
    std::copy(opened_key->begin(), opened_key->end(), citizen_key.begin());
    std::fill(opened_key->begin(), opened_key->end(), '\0');
    std::vector<PersonalValue> values;
    for (auto& [value, bytes] : sealed) {
        auto plaintext = crypto::Open(citizen_key, bytes, ValueContext(ref, value.kind));
        if (!plaintext) {
            crypto::Wipe(citizen_key);
            return corrupt();
        }
        value.value = std::move(*plaintext);
        values.push_back(std::move(value));
    }
    crypto::Wipe(citizen_key);
    return values;
}

core::Result<std::optional<nlohmann::json>> SqlPersonalDataVault::DestroyValues(const std::string& ref,
                                                                                const std::string& reason) {
    nlohmann::json kinds = nlohmann::json::array();
    auto connection = pool_->Writer();
    WriteTransaction transaction(*connection);
    {
        Statement& find = connection->Cached("SELECT erased_at IS NOT NULL FROM citizens WHERE ref = ?1");
        ScopedReset reset(find);
        if (!find.Bind(1, ref).Step()) {
            return core::Fail(core::ErrorKind::kNotFound, "citizen_not_found",
                              fmt::format("The vault has no citizen {}.", ref));
        }
        if (find.Int(0) != 0) {
            return std::nullopt;
        }
    }
    {
        Statement& held =
            connection->Cached("SELECT kind FROM personal_data WHERE citizen_ref = ?1 ORDER BY kind DESC");
        ScopedReset reset(held);
        held.Bind(1, ref);
        while (held.Step()) {
            kinds.push_back(held.Text(0));
        }
    }
    connection->Cached("DELETE FROM personal_data WHERE citizen_ref = ?1").Bind(1, ref).Run();
    connection->Cached("UPDATE citizens SET wrapped_key = NULL, erased_at = ?2, erase_reason = ?3 WHERE ref = ?1")
        .Bind(1, ref)
        .Bind(2, Millis(clock_->Now()))
        .Bind(3, reason)
        .Run();
    transaction.Commit();
    connection->ReclaimDeleted();
    return kinds;
}

core::Result<bool> SqlPersonalDataVault::Erase(const std::string& ref, const std::string& reason, const Processor& by) {
    auto kinds = DestroyValues(ref, reason);
    if (!kinds) {
        return tl::unexpected(kinds.error());
    }
    if (!*kinds) {
        return false;
    }
    auto recorded = events_.Append(
        StreamId::Citizen(ref).Name(), ExpectedVersion{},
        {NewEvent{std::string(kPersonalDataErased), {{"reason", reason}, {"kinds", **kinds}}, MetadataOf(by)}});
    if (!recorded) {
        return tl::unexpected(recorded.error());
    }
    return true;
}

void SqlPersonalDataVault::Discard(const std::string& ref, const std::string& reason, const Processor& by) {
    auto kinds = DestroyValues(ref, reason);
    if (!kinds || !*kinds) {
        return;
    }
    events_.AppendAsync(
        StreamId::Citizen(ref).Name(), ExpectedVersion{},
        {NewEvent{std::string(kPersonalDataErased), {{"reason", reason}, {"kinds", **kinds}}, MetadataOf(by)}},
        [ref](core::Result<AppendResult> recorded) {
            if (!recorded) {
                spdlog::error("vault: the erasure of citizen {} could not be recorded: {}", ref,
                              recorded.error().message);
            }
        });
}

}  // namespace layan::store::sql
