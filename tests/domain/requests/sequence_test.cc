// Random sequences of actions on one request, checked against a table of the allowed transitions written
// out here, apart from the code under test.

#include <array>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <utility>

#include <gtest/gtest.h>

#include "layan/domain/requests/commands.h"
#include "requests_test_support.h"

namespace layan::domain::requests {
namespace {

using testing::MakeDocument;
using testing::MondayAt;
using S = RequestStatus;
using A = Action;

constexpr std::array kStatuses{S::kSubmitted,    S::kVerified,   S::kReturned, S::kInProcess,
                               S::kProductReady, S::kHandedOver, S::kRejected, S::kWithdrawn};
constexpr std::array kActions{A::kVerify,           A::kReturn,      A::kResubmit, A::kStartProcessing,
                              A::kMarkProductReady, A::kHandOver,    A::kReject,   A::kWithdraw,
                              A::kAssign,           A::kPostMessage, A::kAddNote};

// (status, action) → the status after it. Every pair not listed is refused.
std::map<std::pair<S, A>, S> AllowedTransitions() {
    std::map<std::pair<S, A>, S> allowed{
        {{S::kSubmitted, A::kVerify}, S::kVerified},          {{S::kSubmitted, A::kReturn}, S::kReturned},
        {{S::kVerified, A::kStartProcessing}, S::kInProcess}, {{S::kVerified, A::kReturn}, S::kReturned},
        {{S::kReturned, A::kResubmit}, S::kSubmitted},        {{S::kInProcess, A::kMarkProductReady}, S::kProductReady},
        {{S::kInProcess, A::kReturn}, S::kReturned},          {{S::kProductReady, A::kHandOver}, S::kHandedOver},
    };
    for (S from : {S::kSubmitted, S::kVerified, S::kReturned, S::kInProcess}) {
        allowed[{from, A::kReject}] = S::kRejected;
        allowed[{from, A::kWithdraw}] = S::kWithdrawn;
    }
    for (S from : {S::kSubmitted, S::kVerified, S::kReturned, S::kInProcess, S::kProductReady}) {
        for (A side : {A::kAssign, A::kPostMessage, A::kAddNote}) {
            allowed[{from, side}] = from;
        }
    }
    return allowed;
}

// The event type each accepted action appends.
std::string_view EventTypeOf(A action) {
    switch (action) {
        case A::kVerify:
            return RequestVerified::kType;
        case A::kReturn:
            return RequestReturned::kType;
        case A::kResubmit:
            return RequestResubmitted::kType;
        case A::kStartProcessing:
            return RequestProcessingStarted::kType;
        case A::kMarkProductReady:
            return RequestProductReady::kType;
        case A::kHandOver:
            return RequestHandedOver::kType;
        case A::kReject:
            return RequestRejected::kType;
        case A::kWithdraw:
            return RequestWithdrawn::kType;
        case A::kAssign:
            return RequestAssigned::kType;
        case A::kPostMessage:
            return RequestMessagePosted::kType;
        case A::kAddNote:
            return RequestNoteAdded::kType;
    }
    return {};
}

// What the sequences did, to show that they reached what they check.
struct Tally {
    std::set<std::pair<S, A>> tried{};  ///< (status, action) pairs decided.
    int escalated = 0;                  ///< Escalations raised.
    int not_escalated = 0;  ///< Escalations decided as nothing (raised already, stale run, clock not running).
};

// What the test expects of the request, kept apart from RequestState.
struct Model {
    S status = S::kSubmitted;
    int run = 0;
    std::string assigned{};
    std::vector<std::string> missing{};
    std::set<std::string> raised{};

    [[nodiscard]] bool clock_running() const {
        return status == S::kSubmitted || status == S::kVerified || status == S::kInProcess;
    }
    [[nodiscard]] bool clock_stopped() const {
        return status == S::kProductReady || status == S::kHandedOver || status == S::kRejected ||
               status == S::kWithdrawn;
    }
};

class Sequence {
public:
    explicit Sequence(std::mt19937& rng) : rng_(rng) { state_ = testing::Submitted(now_); }

    // One random action with valid inputs, checked against the table and the model.
    void Step(const std::map<std::pair<S, A>, S>& allowed, Tally& tally) {
        Advance();
        if (Pick(6) == 0) {
            EscalateOnce(tally);
            return;
        }
        const A action = Choose(allowed);
        tally.tried.insert({model_.status, action});
        const auto found = allowed.find({model_.status, action});
        const auto decision = Decide(action);
        if (found == allowed.end()) {
            ASSERT_FALSE(decision) << ToString(action) << " accepted in " << ToString(model_.status);
            EXPECT_EQ(decision.error().code, "request_transition_invalid");
            // Read without building JSON values: this runs thousands of times.
            const auto& details = decision.error().details;
            EXPECT_EQ(details.at("state").get_ref<const std::string&>(), ToString(model_.status));
            EXPECT_EQ(details.at("action").get_ref<const std::string&>(), ToString(action));
            return;
        }
        ASSERT_TRUE(decision) << ToString(action) << " refused in " << ToString(model_.status) << ": "
                              << decision.error().code;
        const bool same_officer = action == A::kAssign && assignee_ == model_.assigned;
        ASSERT_EQ(decision->size(), same_officer ? 0U : 1U) << ToString(action);
        for (const auto& event : *decision) {
            EXPECT_EQ(TypeName(event), EventTypeOf(action));
            Apply(state_, event);
        }
        Follow(action, found->second);
        Check();
    }

    // The escalations in the timeline, by key: each at most once.
    void CheckEscalationsOnce() const {
        std::map<std::string, int> counts;
        for (const auto& event : state_.timeline) {
            if (const auto* escalated = std::get_if<RequestEscalated>(&event)) {
                EXPECT_EQ(++counts[escalated->key], 1) << escalated->key;
            }
        }
        EXPECT_EQ(counts.size(), model_.raised.size());
    }

    [[nodiscard]] const RequestState& state() const { return state_; }

private:
    int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

    // A third of the time any action; else one the table allows, the ones that end the request (reject,
    // withdraw) a quarter as likely as the others, so that sequences go on to the late statuses.
    A Choose(const std::map<std::pair<S, A>, S>& allowed) {
        std::array<int, kActions.size()> weights{};
        int total = 0;
        for (std::size_t i = 0; i < kActions.size(); ++i) {
            const A action = kActions.at(i);
            if (allowed.contains({model_.status, action})) {
                weights.at(i) = action == A::kReject || action == A::kWithdraw ? 1 : 4;
                total += weights.at(i);
            }
        }
        if (total == 0 || Pick(3) == 0) {
            return kActions.at(static_cast<std::size_t>(Pick(static_cast<int>(kActions.size()))));
        }
        int ticket = Pick(total);
        std::size_t i = 0;
        while (ticket >= weights.at(i)) {
            ticket -= weights.at(i++);
        }
        return kActions.at(i);
    }

    // Time moves on by up to three hours, and now and then a node's clock is a few minutes behind.
    void Advance() {
        now_ += Pick(10) == 0 ? -core::Millis{std::chrono::minutes{Pick(5)}}
                              : core::Millis{std::chrono::minutes{Pick(180)}};
    }

    Decision Decide(A action) {
        switch (action) {
            case A::kVerify:
                return Verify(state_, "siti", now_);
            case A::kReturn: {
                std::vector<std::string> missing;
                for (const char* code : {"kk", "akta_nikah"}) {
                    if (Pick(2) == 0) {
                        missing.emplace_back(code);
                    }
                }
                asked_ = missing;
                return Return(state_, "siti", "Lengkapi berkas", missing, now_);
            }
            case A::kResubmit: {
                std::vector<Document> documents;
                for (const auto& code : model_.missing) {
                    documents.push_back(MakeDocument(code, 'c'));
                }
                return Resubmit(state_, documents, now_);
            }
            case A::kStartProcessing:
                return StartProcessing(state_, "siti", now_);
            case A::kMarkProductReady:
                return MarkProductReady(state_, "siti", now_);
            case A::kHandOver:
                return HandOver(state_, "budi", now_);
            case A::kReject:
                return Reject(state_, "siti", "Tidak memenuhi syarat", now_);
            case A::kWithdraw:
                return Withdraw(state_, Pick(2) == 0 ? "" : "Tidak jadi", now_);
            case A::kAssign:
                assignee_ = Pick(2) == 0 ? "siti" : "budi";
                return Assign(state_, assignee_, "kasi", now_);
            case A::kPostMessage:
                return Pick(2) == 0 ? PostMessage(state_, Author::kCitizen, "", "Kapan selesai?", now_)
                                    : PostMessage(state_, Author::kOfficer, "siti", "Besok siap.", now_);
            case A::kAddNote:
                return AddNote(state_, "siti", "Cek arsip", now_);
        }
        return core::Fail(core::ErrorKind::kInternal, "test", "unknown action");
    }

    void Follow(A action, S next) {
        if (action == A::kReturn) {
            model_.missing = asked_;
        }
        if (action == A::kResubmit) {
            ++model_.run;
            model_.missing.clear();
        }
        if (action == A::kAssign) {
            model_.assigned = assignee_;
        }
        model_.status = next;
    }

    void EscalateOnce(Tally& tally) {
        const auto level = Pick(2) == 0 ? EscalationLevel::kSupervisor : EscalationLevel::kUnitHead;
        const int run = model_.run + Pick(3) - 1;
        const auto key = EscalationKey(level, run);
        const bool expected = model_.clock_running() && run == model_.run && !model_.raised.contains(key);
        const auto decision = Escalate(state_, level, run, now_, now_);
        ASSERT_TRUE(decision) << decision.error().code;
        ASSERT_EQ(decision->size(), expected ? 1U : 0U) << key << " in " << ToString(model_.status);
        for (const auto& event : *decision) {
            Apply(state_, event);
            model_.raised.insert(key);
        }
        ++(expected ? tally.escalated : tally.not_escalated);
        Check();
    }

    void Check() {
        EXPECT_EQ(state_.status, model_.status);
        EXPECT_EQ(state_.clock.run, model_.run);
        EXPECT_EQ(state_.clock.paused_since.has_value(), model_.status == S::kReturned);
        EXPECT_EQ(state_.clock.stopped_at.has_value(), model_.clock_stopped());
        EXPECT_EQ(state_.assigned_officer, model_.assigned);
        EXPECT_EQ(state_.escalations, model_.raised);
        const auto n = state_.timeline.size();
        if (n >= 2) {
            EXPECT_LE(At(state_.timeline[n - 2]), At(state_.timeline[n - 1]));
        }
    }

    std::mt19937& rng_;
    core::Instant now_ = MondayAt(8, 0);
    RequestState state_;
    Model model_;
    std::vector<std::string> asked_;
    std::string assignee_;
};

TEST(RequestSequences, NoIllegalTransitionIsAcceptedAndEachEscalationIsRaisedOncePerRun) {
    const auto allowed = AllowedTransitions();
    std::mt19937 rng(20261130);
    Tally tally;
    for (int sequence = 0; sequence < 1000; ++sequence) {
        Sequence run(rng);
        // A few steps past the end show that a terminal request accepts nothing; more would show it again.
        for (int step = 0, after_end = 0; step < 16 && after_end < 5; ++step) {
            after_end += run.state().IsTerminal() ? 1 : 0;
            run.Step(allowed, tally);
            if (::testing::Test::HasFailure()) {
                FAIL() << "sequence " << sequence << ", step " << step;
            }
        }
        run.CheckEscalationsOnce();
        EXPECT_EQ(Fold(run.state().timeline), run.state());
    }
    // The sequences tried every action in every status, terminal ones included.
    for (S status : kStatuses) {
        for (A action : kActions) {
            EXPECT_TRUE(tally.tried.contains({status, action})) << ToString(status) << " " << ToString(action);
        }
    }
    // With this seed: 270 raised, 1,692 decided as nothing.
    EXPECT_GT(tally.escalated, 0);
    EXPECT_GT(tally.not_escalated, 0);
}

TEST(RequestSequences, AllowsAgreesWithTheTable) {
    const auto allowed = AllowedTransitions();
    for (S status : kStatuses) {
        for (A action : kActions) {
            EXPECT_EQ(Allows(status, action), allowed.contains({status, action}))
                << ToString(status) << " " << ToString(action);
        }
    }
}

}  // namespace
}  // namespace layan::domain::requests
