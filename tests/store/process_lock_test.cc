// Exclusive use across processes: while one layan process has the database, another cannot open it.

#include <gtest/gtest.h>

#include "child_process.h"
#include "layan/store/database.h"
#include "test_support.h"

namespace layan::store {
namespace {

TEST(ProcessLock, OpenFailsWhileAnotherProcessHasTheDatabaseAndWorksOnceItIsGone) {
    test::TempDir dir;
    std::string path = (dir.path() / "layan.db").string();
    test::ChildProcess writer({LAYAN_CRASH_WRITER, path, "full"});
    ASSERT_TRUE(writer.ReadLine()) << "the other process never opened the database";

    try {
        Database::Open("sqlite://" + path).reset();
        FAIL() << "opened a database another process is writing";
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), "database " + path + " is in use by another layan process (pid " +
                                             std::to_string(writer.pid()) + ")");
    }

    writer.Kill();  // the kernel drops the lock with the process, even on SIGKILL
    auto database = Database::Open("sqlite://" + path);
    EXPECT_GT(database->Events().HeadPosition(), 0);
}

}  // namespace
}  // namespace layan::store
