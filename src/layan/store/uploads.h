#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "layan/core/error.h"
#include "layan/core/time.h"
#include "layan/store/crypto.h"

namespace layan::store {

/// What Put stored: the blob's address (the SHA-256 of its bytes) and its size.
struct BlobRef {
    crypto::Digest sha256{};
    std::uint64_t size = 0;

    friend bool operator==(const BlobRef&, const BlobRef&) = default;
};

/// One stored blob as List sees it.
struct BlobInfo {
    crypto::Digest sha256{};
    std::uint64_t size = 0;
    /// When the blob was last stored. Comes from the storage medium (a file's mtime: the machine's real clock, not a
    /// shifted application clock), for deciding whether an unreferenced blob is old enough to be an orphan.
    core::Instant modified{};

    friend bool operator==(const BlobInfo&, const BlobInfo&) = default;
};

/// Uploaded documents, addressed by content: the same bytes are stored once, under their SHA-256. Holds bytes only;
/// names, media types and who may read a blob live in the events that reference it. Thread-safe.
///
/// Contract for every backend (tests/store/blob_store_conformance_test.cc runs it on each):
/// - Put is durable once it returns a BlobRef: the bytes survive a crash of the process and a power cut;
/// - Put is idempotent: storing bytes whose address exists succeeds and leaves one copy; concurrent Puts of the
///   same bytes all succeed;
/// - a blob is never seen half-written: Get, Contains and List see all of it or nothing;
/// - storage failures of Put (disk full, read-only medium) are reported as ErrorKind::kUnavailable, code
///   "storage_unavailable", with nothing stored; the other methods throw core::StorageUnavailable;
/// - nothing orders a Remove against a Put of the same bytes on another thread: callers that remove blobs
///   (orphan collection) only remove what no submission in flight can be storing.
class BlobStore {
public:
    virtual ~BlobStore() = default;

    /// Stores `bytes` (any size, including none) and returns their address and size.
    [[nodiscard]] virtual core::Result<BlobRef> Put(std::string_view bytes) = 0;

    /// Put of bytes the caller has just hashed itself (to check them before storing): `sha256` must be their SHA-256,
    /// which is not computed again. Saves hashing every upload twice; a wrong digest is a programmer error.
    [[nodiscard]] virtual core::Result<BlobRef> PutHashed(std::string_view bytes, const crypto::Digest& sha256) = 0;

    /// The bytes stored under `sha256`; nullopt when there are none. Throws core::StorageUnavailable when they cannot
    /// be read or no longer match their address (the medium corrupted them).
    [[nodiscard]] virtual std::optional<std::string> Get(const crypto::Digest& sha256) = 0;

    /// Whether bytes are stored under `sha256`.
    [[nodiscard]] virtual bool Contains(const crypto::Digest& sha256) = 0;

    /// Removes the blob stored under `sha256`, durably; true if there was one, false (and nothing done) otherwise.
    virtual bool Remove(const crypto::Digest& sha256) = 0;

    /// Every stored blob, ordered by address.
    [[nodiscard]] virtual std::vector<BlobInfo> List() = 0;

    /// Removes what interrupted Puts left behind (staged bytes never made visible) and returns how many it removed.
    /// Call at start, before this process stores anything: a Put in flight meanwhile, here or in another process
    /// sharing the medium, may fail with "storage_unavailable".
    virtual std::size_t RemoveStaging() = 0;
};

}  // namespace layan::store
