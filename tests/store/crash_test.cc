// kill -9 in the middle of a stream of appends: every append the store acknowledged must be there
// after a reopen, whole, and the log must have no gaps.

#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "child_process.h"
#include "layan/store/database.h"
#include "test_support.h"

namespace layan::store {
namespace {

struct Ack {
    std::string stream;
    std::int64_t first_version = 0;
    std::int64_t last_version = 0;
    std::int64_t last_position = 0;
};

Ack ParseAck(const std::string& line) {
    Ack ack;
    std::istringstream in(line);
    in >> ack.stream >> ack.first_version >> ack.last_version >> ack.last_position;
    EXPECT_TRUE(in) << "unexpected output: " << line;
    return ack;
}

void KillMidStreamAndCheck(const std::string& sync, int acks_before_kill) {
    test::TempDir dir;
    std::string path = (dir.path() / "layan.db").string();
    std::vector<Ack> acks;
    {
        test::ChildProcess writer({LAYAN_CRASH_WRITER, path, sync});
        while (static_cast<int>(acks.size()) < acks_before_kill) {
            auto line = writer.ReadLine();
            ASSERT_TRUE(line) << "the writer stopped after " << acks.size() << " acknowledgements";
            acks.push_back(ParseAck(*line));
        }
        writer.Kill();
        // Lines already in the pipe were acknowledged before the kill: they count too.
        while (auto line = writer.ReadLine(1000)) {
            acks.push_back(ParseAck(*line));
        }
    }

    auto database = Database::Open("sqlite://" + path);
    auto& events = database->Events();
    auto all = events.ReadAll(0, INT64_MAX);
    ASSERT_FALSE(all.empty());
    std::map<std::string, std::int64_t> last_version;
    for (size_t i = 0; i < all.size(); ++i) {
        ASSERT_EQ(all[i].position, static_cast<std::int64_t>(i) + 1) << "the log has a gap";
        ASSERT_EQ(all[i].version, ++last_version[all[i].stream]) << "stream " << all[i].stream << " has a gap";
        ASSERT_EQ(all[i].data["n"], all[i].version);
    }
    EXPECT_EQ(events.HeadPosition(), static_cast<std::int64_t>(all.size()));

    for (const auto& ack : acks) {
        ASSERT_GE(last_version[ack.stream], ack.last_version)
            << "acknowledged " << ack.stream << " v" << ack.last_version << " is lost";
        auto stored = events.ReadStream(ack.stream, ack.first_version, ack.last_version - ack.first_version + 1);
        ASSERT_EQ(static_cast<std::int64_t>(stored.size()), ack.last_version - ack.first_version + 1);
        EXPECT_EQ(stored.back().position, ack.last_position);
    }
    // Appends of three: an append is whole or absent, never cut.
    EXPECT_EQ(last_version["crash-0"] % 3, 0);
    // The store keeps going where the killed one stopped.
    EXPECT_TRUE(events.Append("crash-1", ExpectedVersion{last_version["crash-1"]}, {NewEvent{.type = "After"}}));
}

TEST(CrashDurability, AcknowledgedAppendsSurviveKillNineWithFullSync) {
    for (int acks : {50, 400, 1500}) {
        SCOPED_TRACE(acks);
        KillMidStreamAndCheck("full", acks);
    }
}

TEST(CrashDurability, AcknowledgedAppendsSurviveKillNineWithNormalSync) {
    for (int acks : {50, 1500}) {
        SCOPED_TRACE(acks);
        KillMidStreamAndCheck("normal", acks);
    }
}

}  // namespace
}  // namespace layan::store
