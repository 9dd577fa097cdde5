#pragma once

#include <stdlib.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "layan/store/database.h"

namespace layan::store::test {

/// A fresh directory under the system temp dir, removed with everything in it at the end.
class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "layan-store-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed");
        }
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    /// "sqlite:///tmp/layan-store-abc123/<name>".
    [[nodiscard]] std::string SqliteUrl(const std::string& name = "layan.db") const {
        return "sqlite://" + (path_ / name).string();
    }

private:
    std::filesystem::path path_;
};

/// One storage backend the conformance suites run on: a name for test output and a way to open a
/// fresh, empty database in a scratch directory. A PostgreSQL backend joins this list later.
struct Backend {
    std::string name;
    std::function<std::unique_ptr<Database>(const TempDir& dir, const DatabaseOptions& options)> open;
};

inline std::vector<Backend> AllBackends() {
    return {
        Backend{"SqliteFile", [](const TempDir& dir,
                                 const DatabaseOptions& options) { return Database::Open(dir.SqliteUrl(), options); }},
        Backend{
            "SqliteMemory",
            [](const TempDir&, const DatabaseOptions& options) { return Database::Open("sqlite::memory:", options); }},
    };
}

inline std::string BackendName(const ::testing::TestParamInfo<Backend>& info) { return info.param.name; }

}  // namespace layan::store::test
