#include "layan/store/files/file_blob_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <system_error>
#include <utility>

#include <fmt/format.h>

namespace layan::store::files {
namespace {

namespace fs = std::filesystem;

constexpr mode_t kFolderMode = 0700;
constexpr mode_t kFileMode = 0600;
constexpr std::size_t kStagedNameBytes = 16;

[[noreturn]] void Throw(std::string_view what, const fs::path& path, int error) {
    throw core::StorageUnavailable(fmt::format("cannot {} {}: {}", what, path.string(), std::strerror(error)));
}

/// Owns a file descriptor.
class Descriptor {
public:
    explicit Descriptor(int fd) : fd_(fd) {}
    ~Descriptor() {
        if (fd_ >= 0) {
            close(fd_);
        }
    }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;

    [[nodiscard]] int get() const { return fd_; }

private:
    int fd_;
};

/// Creates the folder (mode 0700); true if it was created, false if it existed.
bool MakeFolder(const fs::path& path) {
    if (mkdir(path.c_str(), kFolderMode) == 0) {
        return true;
    }
    if (errno == EEXIST && fs::is_directory(path)) {
        return false;
    }
    Throw("create the folder", path, errno);
}

/// Makes the folder's entries (files renamed into it, removed from it, folders made in it) survive a power cut.
void SyncFolder(const fs::path& path) {
    Descriptor folder(open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (folder.get() < 0 || fsync(folder.get()) != 0) {
        Throw("sync the folder", path, errno);
    }
}

void WriteAll(int fd, std::string_view bytes, const fs::path& path) {
    while (!bytes.empty()) {
        ssize_t n = write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            Throw("write", path, errno);
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

/// The whole file, or nullopt when it does not exist.
std::optional<std::string> ReadAll(const fs::path& path) {
    Descriptor file(open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (file.get() < 0) {
        if (errno == ENOENT) {
            return std::nullopt;
        }
        Throw("open", path, errno);
    }
    struct stat status {};
    if (fstat(file.get(), &status) != 0) {
        Throw("read the size of", path, errno);
    }
    std::string bytes(static_cast<std::size_t>(status.st_size), '\0');
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = read(file.get(), bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            Throw("read", path, errno);
        }
        if (n == 0) {
            throw core::StorageUnavailable(fmt::format("{} became shorter while it was read", path.string()));
        }
        done += static_cast<std::size_t>(n);
    }
    return bytes;
}

/// The stat of a path, or nullopt when it does not exist.
std::optional<struct stat> StatOf(const fs::path& path) {
    struct stat status {};
    if (stat(path.c_str(), &status) == 0) {
        return status;
    }
    if (errno == ENOENT) {
        return std::nullopt;
    }
    Throw("inspect", path, errno);
}

/// The entries of a folder; throws core::StorageUnavailable when it cannot be read.
std::vector<fs::directory_entry> EntriesOf(const fs::path& folder) {
    std::error_code error;
    std::vector<fs::directory_entry> entries;
    for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
        entries.push_back(*it);
    }
    if (error) {
        Throw("list", folder, error.value());
    }
    return entries;
}

/// The two hex digits naming the folder of a digest.
std::string FolderName(const crypto::Digest& sha256) {
    return crypto::ToHex(std::string_view(reinterpret_cast<const char*>(sha256.data()), 1));
}

}  // namespace

FileBlobStore::FileBlobStore(fs::path root)
    : root_(std::move(root)), blobs_(root_ / "sha256"), staging_(root_ / "tmp") {
    std::error_code error;
    if (root_.has_parent_path()) {
        fs::create_directories(root_.parent_path(), error);
        if (error) {
            Throw("create the folder", root_.parent_path(), error.value());
        }
    }
    if (MakeFolder(root_) && root_.has_parent_path()) {
        SyncFolder(root_.parent_path());
    }
    // Every folder a blob can go to is made here, once, so that a Put never has to make (and sync) one.
    bool made_top = MakeFolder(staging_);
    made_top = MakeFolder(blobs_) || made_top;
    if (made_top) {
        SyncFolder(root_);
    }
    bool made_leaf = false;
    for (int i = 0; i < 256; ++i) {
        made_leaf = MakeFolder(blobs_ / fmt::format("{:02x}", i)) || made_leaf;
    }
    if (made_leaf) {
        SyncFolder(blobs_);
    }
}

fs::path FileBlobStore::PathOf(const crypto::Digest& sha256) const {
    return blobs_ / FolderName(sha256) / crypto::ToHex(sha256);
}

core::Result<BlobRef> FileBlobStore::Put(std::string_view bytes) { return PutHashed(bytes, crypto::Sha256({bytes})); }

core::Result<BlobRef> FileBlobStore::PutHashed(std::string_view bytes, const crypto::Digest& sha256) {
    BlobRef ref{sha256, bytes.size()};
    fs::path target = PathOf(ref.sha256);
    fs::path staged = staging_ / crypto::ToHex(crypto::RandomBytes(kStagedNameBytes));
    try {
        if (StatOf(target)) {
            return ref;
        }
        try {
            Descriptor file(open(staged.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, kFileMode));
            if (file.get() < 0) {
                Throw("create", staged, errno);
            }
            WriteAll(file.get(), bytes, staged);
            if (fsync(file.get()) != 0) {
                Throw("sync", staged, errno);
            }
            // Two Puts of the same bytes both rename: the second replaces the first's file with identical bytes.
            if (std::rename(staged.c_str(), target.c_str()) != 0) {
                Throw("move into place", staged, errno);
            }
        } catch (const core::StorageUnavailable&) {
            unlink(staged.c_str());
            throw;
        }
        SyncFolder(target.parent_path());
    } catch (const core::StorageUnavailable& e) {
        return core::Fail(core::ErrorKind::kUnavailable, "storage_unavailable", e.what());
    }
    return ref;
}

std::optional<std::string> FileBlobStore::Get(const crypto::Digest& sha256) {
    auto bytes = ReadAll(PathOf(sha256));
    if (bytes && crypto::Sha256({*bytes}) != sha256) {
        throw core::StorageUnavailable(
            fmt::format("the blob {} is corrupt: its bytes no longer match their SHA-256", PathOf(sha256).string()));
    }
    return bytes;
}

bool FileBlobStore::Contains(const crypto::Digest& sha256) { return StatOf(PathOf(sha256)).has_value(); }

bool FileBlobStore::Remove(const crypto::Digest& sha256) {
    fs::path path = PathOf(sha256);
    if (unlink(path.c_str()) != 0) {
        if (errno == ENOENT) {
            return false;
        }
        Throw("remove", path, errno);
    }
    SyncFolder(path.parent_path());
    return true;
}

std::vector<BlobInfo> FileBlobStore::List() {
    std::vector<BlobInfo> blobs;
    for (const auto& folder : EntriesOf(blobs_)) {
        auto folder_name = folder.path().filename().string();
        std::error_code error;
        if (folder_name.size() != 2 || !folder.is_directory(error)) {
            continue;
        }
        for (const auto& entry : EntriesOf(folder.path())) {
            auto name = entry.path().filename().string();
            auto sha256 = crypto::DigestFromHex(name);
            // Upper-case hex parses too; only the names Put gives count.
            if (!sha256 || crypto::ToHex(*sha256) != name || FolderName(*sha256) != folder_name) {
                continue;
            }
            auto status = StatOf(entry.path());
            if (!status || !S_ISREG(status->st_mode)) {
                continue;  // Removed since it was listed, or not a blob.
            }
            auto modified = std::chrono::seconds(status->st_mtim.tv_sec) +
                            std::chrono::duration_cast<core::Millis>(std::chrono::nanoseconds(status->st_mtim.tv_nsec));
            blobs.push_back(BlobInfo{*sha256, static_cast<std::uint64_t>(status->st_size), core::Instant(modified)});
        }
    }
    std::sort(blobs.begin(), blobs.end(), [](const BlobInfo& a, const BlobInfo& b) { return a.sha256 < b.sha256; });
    return blobs;
}

std::size_t FileBlobStore::RemoveStaging() {
    std::size_t removed = 0;
    for (const auto& entry : EntriesOf(staging_)) {
        std::error_code error;
        if (entry.is_directory(error)) {
            continue;  // Put stages files only.
        }
        if (unlink(entry.path().c_str()) == 0) {
            ++removed;
        } else if (errno != ENOENT) {
            Throw("remove", entry.path(), errno);
        }
    }
    return removed;
}

}  // namespace layan::store::files
