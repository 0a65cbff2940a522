#include "job_outcome.h"

#include <algorithm>
#include <vector>

#include <catch2/catch.hpp>

namespace {

using keyway::access::JobOutcome;
using keyway::access::NextStep;
using keyway::access::PinFacts;
using keyway::access::PinStep;
namespace jv1 = keyway::jobs::v1;
using Word = JobOutcome::Word;

const std::string kAdd = "add-job", kDelete = "delete-job", kTakeOffJob = "take-off-job";

JobOutcome Outcome(Word word, const std::string& job, jv1::JobKind kind, int attempt) {
  JobOutcome o;
  o.word = word;
  o.job_id = job;
  o.kind = kind;
  o.attempt = attempt;
  return o;
}
JobOutcome Add(Word word, int attempt) { return Outcome(word, kAdd, jv1::JOB_KIND_ADD_CUSTOM_PIN, attempt); }
JobOutcome Delete(Word word, const std::string& job = kDelete) {
  return Outcome(word, job, jv1::JOB_KIND_DELETE_CUSTOM_PIN, 1);
}

// What each step does to the PIN, as access's store writes it.
void Apply(PinFacts& pin, PinStep step) {
  switch (step) {
    case PinStep::kNothing: break;
    case PinStep::kActivate: pin.status = "active"; pin.pending_job_id.clear(); break;
    case PinStep::kActivateRecreated:
      pin.status = "active"; pin.job_recreated = true; pin.pending_job_id.clear(); break;
    case PinStep::kFail: pin.status = "deleted"; break;  // still naming its job (J4)
    case PinStep::kRevive: pin.status = "pending"; pin.job_recreated = true; break;
    case PinStep::kNoteRecreated: pin.job_recreated = true; break;
    case PinStep::kDropJob:
    case PinStep::kForgetJob:
    case PinStep::kDeletedAtLock: pin.status = "deleted"; pin.pending_job_id.clear(); break;
    case PinStep::kTakeOff: pin.status = "deleting"; pin.pending_job_id = kTakeOffJob; break;
    case PinStep::kKeepActive: pin.status = "active"; pin.pending_job_id.clear(); break;
  }
}

PinFacts Follow(PinFacts pin, const std::vector<JobOutcome>& outcomes) {
  for (const auto& o : outcomes) Apply(pin, NextStep(pin, o));
  return pin;
}

PinFacts PendingPin() { return {.status = "pending", .pending_job_id = kAdd}; }

}  // namespace

TEST_CASE("A5: A6: J2: a Custom PIN follows its add job: completed is active, failed is deleted") {
  CHECK(Follow(PendingPin(), {Add(Word::kCompleted, 1)}).status == "active");
  CHECK(Follow(PendingPin(), {Add(Word::kFailed, 1)}).status == "deleted");
  // Heard twice (a redelivery under another event id): the second changes nothing.
  CHECK(NextStep(Follow(PendingPin(), {Add(Word::kCompleted, 1)}), Add(Word::kCompleted, 1)) ==
        PinStep::kNothing);
}

TEST_CASE("J4: a failed, recreated and completed add ends active in whatever order it is heard") {
  std::vector<JobOutcome> outcomes = {Add(Word::kFailed, 1), Add(Word::kRecreated, 2),
                                      Add(Word::kCompleted, 2)};
  std::sort(outcomes.begin(), outcomes.end(),
            [](const JobOutcome& a, const JobOutcome& b) { return a.word < b.word; });
  do {
    PinFacts pin = Follow(PendingPin(), outcomes);
    CHECK(pin.status == "active");
  } while (std::next_permutation(outcomes.begin(), outcomes.end(),
                                 [](const JobOutcome& a, const JobOutcome& b) { return a.word < b.word; }));
}

TEST_CASE("J4: a recreated add that fails again ends deleted, in either order of the last two") {
  const auto fail_again = Add(Word::kFailed, 2);
  CHECK(Follow(PendingPin(), {Add(Word::kFailed, 1), Add(Word::kRecreated, 2), fail_again}).status == "deleted");
  CHECK(Follow(PendingPin(), {Add(Word::kRecreated, 2), Add(Word::kFailed, 1), fail_again}).status == "deleted");
  // The first failure heard after the recreation is stale: the PIN waits on.
  PinFacts waiting = Follow(PendingPin(), {Add(Word::kRecreated, 2), Add(Word::kFailed, 1)});
  CHECK(waiting.status == "pending");
}

TEST_CASE("A13: J4: an add that reaches the lock after its job was deleted is taken off again") {
  PinFacts dropped = Follow(PendingPin(), {Add(Word::kDeleted, 1)});
  CHECK(dropped.status == "deleted");
  CHECK(NextStep(dropped, Add(Word::kCompleted, 1)) == PinStep::kTakeOff);
  // The take-off job lands: deleted for good.
  PinFacts off = Follow(dropped, {Add(Word::kCompleted, 1), Delete(Word::kCompleted, kTakeOffJob)});
  CHECK(off.status == "deleted");
  // Or the lock had nothing to delete after all.
  CHECK(Follow(dropped, {Add(Word::kCompleted, 1), Delete(Word::kFailed, kTakeOffJob)}).status == "deleted");
}

TEST_CASE("J4: a person's delete that crossed a recreation wins: the recreated add is taken off") {
  PinFacts pin = Follow(PendingPin(), {Add(Word::kFailed, 1)});
  pin.deleted_by_person = true;  // the access list's delete, after the failure
  CHECK(NextStep(pin, Add(Word::kRecreated, 2)) == PinStep::kNothing);
  CHECK(NextStep(pin, Add(Word::kCompleted, 2)) == PinStep::kTakeOff);
  // Without a person's delete, a completion of the recreated job is the recreation.
  PinFacts failed = Follow(PendingPin(), {Add(Word::kFailed, 1)});
  CHECK(NextStep(failed, Add(Word::kCompleted, 2)) == PinStep::kActivateRecreated);
}

TEST_CASE("A13: a delete job settles the PIN: landed or nothing to delete is deleted, dropped keeps it") {
  PinFacts deleting{.status = "deleting", .pending_job_id = kDelete};
  CHECK(Follow(deleting, {Delete(Word::kCompleted)}).status == "deleted");
  CHECK(Follow(deleting, {Delete(Word::kFailed)}).status == "deleted");
  CHECK(Follow(deleting, {Delete(Word::kDeleted)}).status == "active");
  // The dropped delete job reached the lock anyway: the PIN is gone from it.
  CHECK(Follow(deleting, {Delete(Word::kDeleted), Delete(Word::kCompleted)}).status == "deleted");
  // An add's completion heard while its delete is on its way changes nothing.
  CHECK(NextStep(deleting, Add(Word::kCompleted, 1)) == PinStep::kNothing);
}

TEST_CASE("outcomes published before they named their kind count for the job the PIN waits for") {
  JobOutcome old = Outcome(Word::kCompleted, kAdd, jv1::JOB_KIND_UNSPECIFIED, 1);
  PinFacts pending = PendingPin();
  REQUIRE(keyway::access::InferOldOutcome(pending, old));
  CHECK(old.kind == jv1::JOB_KIND_ADD_CUSTOM_PIN);
  CHECK(NextStep(pending, old) == PinStep::kActivate);
  JobOutcome other = Outcome(Word::kCompleted, "another-job", jv1::JOB_KIND_UNSPECIFIED, 1);
  CHECK_FALSE(keyway::access::InferOldOutcome(pending, other));
  JobOutcome recreated = Outcome(Word::kRecreated, kAdd, jv1::JOB_KIND_UNSPECIFIED, 1);
  PinFacts failed = Follow(PendingPin(), {Add(Word::kFailed, 1)});
  REQUIRE(keyway::access::InferOldOutcome(failed, recreated));
  CHECK(NextStep(failed, recreated) == PinStep::kRevive);
}
