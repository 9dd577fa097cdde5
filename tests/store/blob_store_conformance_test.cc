// The BlobStore contract (store/uploads.h), run on every backend; then what only the folder layout of
// files::FileBlobStore promises.

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <barrier>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "layan/core/error.h"
#include "layan/core/time.h"
#include "layan/store/files/file_blob_store.h"
#include "layan/store/uploads.h"
#include "test_support.h"

namespace layan::store {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

// FIPS 180-2's example: SHA-256("abc"), and SHA-256 of no bytes.
constexpr std::string_view kAbcSha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr std::string_view kEmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

crypto::Digest Digest(std::string_view hex) { return crypto::DigestFromHex(hex).value(); }

std::string RandomBytes(std::size_t size, unsigned seed) {
    std::mt19937 random(seed);
    std::string bytes(size, '\0');
    for (auto& byte : bytes) {
        byte = static_cast<char>(random() & 0xff);
    }
    return bytes;
}

struct BlobBackend {
    std::string name;
    std::function<std::unique_ptr<BlobStore>(const fs::path& dir)> open;
};

std::ostream& operator<<(std::ostream& out, const BlobBackend& backend) { return out << backend.name; }

class BlobStoreConformance : public ::testing::TestWithParam<BlobBackend> {
protected:
    /// The backend's store on this test's directory; opening it again finds what was stored.
    [[nodiscard]] std::unique_ptr<BlobStore> Open() const { return GetParam().open(dir_.path()); }

    TempDir dir_;
};

TEST_P(BlobStoreConformance, PutAddressesBytesBySha256AndGetGivesThemBack) {
    auto store = Open();
    auto ref = store->Put("abc");
    ASSERT_TRUE(ref) << ref.error().message;
    EXPECT_EQ(crypto::ToHex(ref->sha256), kAbcSha256);
    EXPECT_EQ(ref->size, 3u);
    EXPECT_EQ(store->Get(ref->sha256), "abc");

    auto binary = RandomBytes(100'000, 1) + std::string("\0\r\n--\0", 6);
    auto binary_ref = store->Put(binary);
    ASSERT_TRUE(binary_ref);
    EXPECT_EQ(binary_ref->sha256, crypto::Sha256({binary}));
    EXPECT_EQ(binary_ref->size, binary.size());
    EXPECT_EQ(store->Get(binary_ref->sha256), binary);

    // Bytes the caller hashed already are stored the same way, under that address.
    const std::string scan = "a scan the caller hashed";
    auto hashed = store->PutHashed(scan, crypto::Sha256({scan}));
    ASSERT_TRUE(hashed);
    EXPECT_EQ(hashed->sha256, crypto::Sha256({scan}));
    EXPECT_EQ(hashed->size, scan.size());
    EXPECT_EQ(store->Get(hashed->sha256), scan);
}

TEST_P(BlobStoreConformance, PuttingTheSameBytesTwiceKeepsOneBlob) {
    auto store = Open();
    auto first = store->Put("the same scan");
    auto second = store->Put("the same scan");
    ASSERT_TRUE(first);
    ASSERT_TRUE(second);
    EXPECT_EQ(*first, *second);
    auto blobs = store->List();
    ASSERT_EQ(blobs.size(), 1u);
    EXPECT_EQ(blobs[0].sha256, first->sha256);
    EXPECT_EQ(store->Get(first->sha256), "the same scan");
}

TEST_P(BlobStoreConformance, NoBytesAreABlobToo) {
    auto store = Open();
    auto ref = store->Put("");
    ASSERT_TRUE(ref);
    EXPECT_EQ(crypto::ToHex(ref->sha256), kEmptySha256);
    EXPECT_EQ(ref->size, 0u);
    EXPECT_TRUE(store->Contains(ref->sha256));
    auto bytes = store->Get(ref->sha256);
    ASSERT_TRUE(bytes.has_value());
    EXPECT_EQ(*bytes, "");
}

TEST_P(BlobStoreConformance, RemoveForgetsTheBlobAndLeavesTheOthers) {
    auto store = Open();
    auto kept = store->Put("kept");
    auto removed = store->Put("removed");
    ASSERT_TRUE(kept);
    ASSERT_TRUE(removed);
    EXPECT_TRUE(store->Contains(removed->sha256));
    EXPECT_TRUE(store->Remove(removed->sha256));
    EXPECT_FALSE(store->Contains(removed->sha256));
    EXPECT_EQ(store->Get(removed->sha256), std::nullopt);
    EXPECT_FALSE(store->Remove(removed->sha256));
    EXPECT_EQ(store->Get(kept->sha256), "kept");
    ASSERT_EQ(store->List().size(), 1u);
    EXPECT_EQ(store->List()[0].sha256, kept->sha256);
    // Stored again after its removal, it is back.
    ASSERT_TRUE(store->Put("removed"));
    EXPECT_EQ(store->Get(removed->sha256), "removed");
}

TEST_P(BlobStoreConformance, AnAddressNothingWasStoredUnderHoldsNothing) {
    auto store = Open();
    ASSERT_TRUE(store->Put("something else"));
    auto unknown = Digest(kAbcSha256);
    EXPECT_FALSE(store->Contains(unknown));
    EXPECT_EQ(store->Get(unknown), std::nullopt);
    EXPECT_FALSE(store->Remove(unknown));
}

TEST_P(BlobStoreConformance, ListGivesEveryBlobWithItsSizeOrderedByAddress) {
    auto store = Open();
    EXPECT_TRUE(store->List().empty());
    std::vector<BlobRef> refs;
    for (unsigned i = 0; i < 20; ++i) {
        auto ref = store->Put(RandomBytes(i * 37, i));
        ASSERT_TRUE(ref);
        refs.push_back(*ref);
    }
    std::sort(refs.begin(), refs.end(), [](const BlobRef& a, const BlobRef& b) { return a.sha256 < b.sha256; });
    auto blobs = store->List();
    ASSERT_EQ(blobs.size(), refs.size());
    for (std::size_t i = 0; i < refs.size(); ++i) {
        EXPECT_EQ(blobs[i].sha256, refs[i].sha256) << i;
        EXPECT_EQ(blobs[i].size, refs[i].size) << i;
    }
}

TEST_P(BlobStoreConformance, BlobsOutliveTheStoreObject) {
    auto bytes = RandomBytes(5000, 7);
    crypto::Digest sha256{};
    {
        auto store = Open();
        auto ref = store->Put(bytes);
        ASSERT_TRUE(ref);
        sha256 = ref->sha256;
    }
    auto reopened = Open();
    EXPECT_EQ(reopened->Get(sha256), bytes);
    EXPECT_EQ(reopened->List().size(), 1u);
}

TEST_P(BlobStoreConformance, ConcurrentPutsOfTheSameBytesAllSucceedAndKeepOneBlob) {
    auto store = Open();
    auto bytes = RandomBytes(256 * 1024, 3);
    constexpr int kThreads = 4;
    std::barrier start(kThreads);
    std::vector<core::Result<BlobRef>> results(kThreads, core::Fail(core::ErrorKind::kInternal, "not_run", ""));
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&, i] {
            start.arrive_and_wait();
            for (int round = 0; round < 5; ++round) {
                results[i] = store->Put(bytes);
                if (!results[i]) {
                    return;
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    for (const auto& result : results) {
        ASSERT_TRUE(result) << result.error().code << ": " << result.error().message;
        EXPECT_EQ(result->sha256, crypto::Sha256({bytes}));
    }
    ASSERT_EQ(store->List().size(), 1u);
    EXPECT_EQ(store->Get(results[0]->sha256), bytes);
    EXPECT_EQ(store->RemoveStaging(), 0u);  // Nothing left half-done.
}

std::vector<BlobBackend> AllBlobBackends() {
    return {{"files", [](const fs::path& dir) -> std::unique_ptr<BlobStore> {
                 return std::make_unique<files::FileBlobStore>(dir / "uploads");
             }}};
}

std::string BlobBackendName(const ::testing::TestParamInfo<BlobBackend>& backend) { return backend.param.name; }

INSTANTIATE_TEST_SUITE_P(Backends, BlobStoreConformance, ::testing::ValuesIn(AllBlobBackends()), BlobBackendName);

// What only the folder store promises.
class FileBlobStoreTest : public ::testing::Test {
protected:
    [[nodiscard]] fs::path Root() const { return dir_.path() / "layan.db.uploads"; }

    TempDir dir_;
};

mode_t ModeOf(const fs::path& path) {
    struct stat status {};
    EXPECT_EQ(stat(path.c_str(), &status), 0) << path;
    return status.st_mode & 07777;
}

void WriteFile(const fs::path& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
    ASSERT_TRUE(out.good()) << path;
}

TEST_F(FileBlobStoreTest, KeepsEachBlobInAPrivateFileNamedBySha256) {
    files::FileBlobStore store(Root());
    ASSERT_TRUE(store.Put("abc"));
    auto file = Root() / "sha256" / "ba" / kAbcSha256;
    EXPECT_EQ(store.PathOf(Digest(kAbcSha256)), file);
    ASSERT_TRUE(fs::is_regular_file(file));
    EXPECT_EQ(fs::file_size(file), 3u);
    EXPECT_EQ(ModeOf(file), 0600u);
    for (const auto& folder : {Root(), Root() / "sha256", Root() / "sha256" / "ba", Root() / "tmp"}) {
        EXPECT_EQ(ModeOf(folder), 0700u) << folder;
    }
    EXPECT_TRUE(fs::is_empty(Root() / "tmp"));
}

TEST_F(FileBlobStoreTest, CreatesAMissingParentFolder) {
    auto root = dir_.path() / "not" / "yet" / "uploads";
    files::FileBlobStore store(root);
    ASSERT_TRUE(store.Put("abc"));
    EXPECT_TRUE(fs::exists(root / "sha256" / "ba" / kAbcSha256));
}

TEST_F(FileBlobStoreTest, RemoveStagingClearsWhatInterruptedPutsLeftAndNothingElse) {
    auto ref = files::FileBlobStore(Root()).Put("stored before the crash");
    ASSERT_TRUE(ref);
    // A process killed between writing tmp/<random> and renaming it leaves the staged file behind.
    WriteFile(Root() / "tmp" / "0f1e2d3c4b5a69788796a5b4c3d2e1f0", "half a scan");
    WriteFile(Root() / "tmp" / "5a69788796a5b4c3d2e1f00f1e2d3c4b", "");

    files::FileBlobStore store(Root());
    EXPECT_EQ(store.RemoveStaging(), 2u);
    EXPECT_TRUE(fs::is_empty(Root() / "tmp"));
    EXPECT_EQ(store.Get(ref->sha256), "stored before the crash");
    EXPECT_EQ(store.List().size(), 1u);
    EXPECT_EQ(store.RemoveStaging(), 0u);
}

TEST_F(FileBlobStoreTest, ListIgnoresFilesOutsideTheLayout) {
    files::FileBlobStore store(Root());
    ASSERT_TRUE(store.Put("abc"));
    std::string upper(kAbcSha256);
    std::transform(upper.begin(), upper.end(), upper.begin(), [](char c) { return std::toupper(c); });
    WriteFile(Root() / "sha256" / "ba" / upper, "abc");                             // Not a name Put gives.
    WriteFile(Root() / "sha256" / "00" / kEmptySha256, "");                         // In the wrong folder.
    WriteFile(Root() / "sha256" / "ba" / "notes.txt", "left by an operator");       // Not a digest.
    WriteFile(Root() / "sha256" / "ba" / std::string(kAbcSha256).append("x"), "");  // Too long.
    fs::create_directory(Root() / "sha256" / "e3" / kEmptySha256);                  // A folder, not a file.
    auto blobs = store.List();
    ASSERT_EQ(blobs.size(), 1u);
    EXPECT_EQ(crypto::ToHex(blobs[0].sha256), kAbcSha256);
}

TEST_F(FileBlobStoreTest, ListReportsWhenEachBlobWasStored) {
    files::FileBlobStore store(Root());
    auto ref = store.Put("abc");
    ASSERT_TRUE(ref);
    // 2026-03-02T01:02:03.456Z, set on the file as a copy restored from a backup would carry it.
    const auto stored = core::ParseIso8601("2026-03-02T01:02:03.456Z").value();
    auto since_epoch = stored.time_since_epoch();
    timespec times[2] = {};
    times[0].tv_sec = times[1].tv_sec =
        static_cast<time_t>(std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count());
    times[0].tv_nsec = times[1].tv_nsec =
        static_cast<long>((since_epoch % std::chrono::seconds(1)).count() * 1'000'000);
    ASSERT_EQ(utimensat(AT_FDCWD, store.PathOf(ref->sha256).c_str(), times, 0), 0);
    auto blobs = store.List();
    ASSERT_EQ(blobs.size(), 1u);
    EXPECT_EQ(blobs[0].modified, stored);
}

TEST_F(FileBlobStoreTest, GetRefusesABlobWhoseBytesNoLongerMatchItsAddress) {
    files::FileBlobStore store(Root());
    auto ref = store.Put("abc");
    ASSERT_TRUE(ref);
    WriteFile(store.PathOf(ref->sha256), "abd");
    EXPECT_THROW((void)store.Get(ref->sha256), core::StorageUnavailable);
}

TEST_F(FileBlobStoreTest, PutReportsAStorageFailureAndStoresNothing) {
    files::FileBlobStore store(Root());
    // Where the staging folder should be there is a file: every Put of new bytes fails, whoever runs the test.
    fs::remove(Root() / "tmp");
    WriteFile(Root() / "tmp", "");
    auto ref = store.Put("abc");
    ASSERT_FALSE(ref);
    EXPECT_EQ(ref.error().kind, core::ErrorKind::kUnavailable);
    EXPECT_EQ(ref.error().code, "storage_unavailable");
    EXPECT_FALSE(store.Contains(Digest(kAbcSha256)));
    EXPECT_TRUE(store.List().empty());
}

}  // namespace
}  // namespace layan::store
