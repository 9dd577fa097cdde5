#pragma once

#include <string>

namespace layan::store::sqlite {

/// Exclusive use of a database file by one process: an flock(2) on `<database>.lock` holding the
/// owner's pid. The kernel drops the lock when the process dies, however it dies, so a crash never
/// leaves a stale lock behind. The lock file itself is left in place (removing it would race).
class FileLock {
public:
    /// Takes the lock for `database_path`. Throws std::runtime_error when another process (or another
    /// open of the same file in this process) holds it: "database /abs/layan.db is in use by another
    /// layan process (pid 1234)", and core::StorageUnavailable when the lock file cannot be created.
    explicit FileLock(const std::string& database_path);
    ~FileLock();
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

private:
    int fd_ = -1;
};

}  // namespace layan::store::sqlite
