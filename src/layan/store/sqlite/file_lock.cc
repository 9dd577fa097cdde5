#include "layan/store/sqlite/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>

#include "layan/core/error.h"

namespace layan::store::sqlite {

namespace {

std::string ReadOwnerPid(int fd) {
    char buffer[32] = {};
    ssize_t n = pread(fd, buffer, sizeof(buffer) - 1, 0);
    std::string pid(buffer, n > 0 ? static_cast<size_t>(n) : 0);
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) {
        pid.pop_back();
    }
    return pid.empty() ? "unknown" : pid;
}

}  // namespace

FileLock::FileLock(const std::string& database_path) {
    std::string shown = std::filesystem::absolute(database_path).lexically_normal().string();
    std::string lock_path = database_path + ".lock";
    fd_ = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
        throw core::StorageUnavailable(
            fmt::format("cannot create the lock file {}.lock: {}", shown, std::strerror(errno)));
    }
    if (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        int error = errno;
        std::string owner = ReadOwnerPid(fd_);
        close(fd_);
        fd_ = -1;
        if (error == EWOULDBLOCK) {
            throw std::runtime_error(
                fmt::format("database {} is in use by another layan process (pid {})", shown, owner));
        }
        throw core::StorageUnavailable(fmt::format("cannot lock {}.lock: {}", shown, std::strerror(error)));
    }
    std::string pid = fmt::format("{}\n", getpid());
    // The pid only serves the message above: failing to write it must not stop the server.
    [[maybe_unused]] bool written =
        ftruncate(fd_, 0) == 0 && pwrite(fd_, pid.data(), pid.size(), 0) == static_cast<ssize_t>(pid.size());
}

FileLock::~FileLock() {
    if (fd_ >= 0) {
        close(fd_);  // releases the flock
    }
}

}  // namespace layan::store::sqlite
