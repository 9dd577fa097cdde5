#pragma once

#include <filesystem>

#include "layan/store/uploads.h"

namespace layan::store::files {

/// A BlobStore in a folder of its own (beside the database, or where the configuration says):
///
///     <root>/sha256/ab/<64 lower-case hex digits>   one file per blob, named by its SHA-256, mode 0600
///     <root>/tmp/<random>                          bytes being stored
///
/// Folders are mode 0700. A Put writes the bytes to tmp/, fsyncs them, renames them into place and fsyncs the folder
/// that received them, so a crash leaves at worst a staged file (RemoveStaging clears it), never a partial blob. A
/// Put of bytes already stored writes nothing. Files in the folder that do not follow this layout are ignored.
/// Thread-safe, and safe for several processes sharing the folder.
class FileBlobStore final : public BlobStore {
public:
    /// Opens the store at `root`, creating it (and a missing parent) and its folders when they are missing.
    /// Throws core::StorageUnavailable when they cannot be created.
    explicit FileBlobStore(std::filesystem::path root);

    [[nodiscard]] core::Result<BlobRef> Put(std::string_view bytes) override;
    [[nodiscard]] core::Result<BlobRef> PutHashed(std::string_view bytes, const crypto::Digest& sha256) override;
    [[nodiscard]] std::optional<std::string> Get(const crypto::Digest& sha256) override;
    [[nodiscard]] bool Contains(const crypto::Digest& sha256) override;
    bool Remove(const crypto::Digest& sha256) override;
    [[nodiscard]] std::vector<BlobInfo> List() override;
    std::size_t RemoveStaging() override;

    /// The file that holds (or would hold) the blob with this address.
    [[nodiscard]] std::filesystem::path PathOf(const crypto::Digest& sha256) const;

private:
    std::filesystem::path root_;
    std::filesystem::path blobs_;    // root_/sha256
    std::filesystem::path staging_;  // root_/tmp
};

}  // namespace layan::store::files
