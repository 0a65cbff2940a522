#include "job_outcome.h"

#include <algorithm>
#include <vector>

#include <catch2/catch.hpp>

namespace {

using keyway::access::AtLock;
using keyway::access::Decide;
using keyway::access::JobOutcome;
using keyway::access::PinDecision;
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
JobOutcome Add(Word word, int attempt = 1) { return Outcome(word, kAdd, jv1::JOB_KIND_ADD_CUSTOM_PIN, attempt); }
JobOutcome Delete(Word word, const std::string& job = kDelete) {
  return Outcome(word, job, jv1::JOB_KIND_DELETE_CUSTOM_PIN, 1);
}

// What each decision does to the PIN, as access writes it down.
void Apply(PinFacts& pin, const PinDecision& d) {
  switch (d.step) {
    case PinStep::kNothing: break;
    case PinStep::kActivate:
    case PinStep::kKeepActive: pin.status = "active"; pin.pending_job_id.clear(); break;
    case PinStep::kActivateRecreated:
      pin.status = "active"; pin.job_recreated = true; pin.pending_job_id.clear(); break;
    case PinStep::kFail: pin.status = "deleted"; break;  // still naming its job (J4)
    case PinStep::kRevive: pin.status = "pending"; pin.job_recreated = true; break;
    case PinStep::kAwaitAdd:
      pin.status = "pending"; pin.pending_job_id = kAdd; pin.deleted_by_person = false; break;
    case PinStep::kDropJob:
    case PinStep::kForgetJob:
    case PinStep::kDeletedAtLock:
    case PinStep::kDeletedUnsent: pin.status = "deleted"; pin.pending_job_id.clear(); break;
    case PinStep::kTakeOff:
      pin.status = "deleting"; pin.pending_job_id = kTakeOffJob; pin.final_delete_job_id = kTakeOffJob; break;
  }
  if (d.at_lock) pin.at_lock = *d.at_lock;
  if (d.raises_attempt) pin.job_recreated = true;
}

PinFacts Follow(PinFacts pin, const std::vector<JobOutcome>& outcomes) {
  for (const auto& o : outcomes) Apply(pin, Decide(pin, o));
  return pin;
}

PinFacts PendingPin() { return {.status = "pending", .pending_job_id = kAdd}; }
// A person deleted it while its add was on its way.
PinFacts DeletingPin(AtLock at) {
  return {.status = "deleting", .pending_job_id = kDelete, .deleted_by_person = true, .at_lock = at,
          .final_delete_job_id = at == AtLock::kHeld ? kDelete : ""};
}

// Follows `outcomes` in every order they can be heard; `check` looks at the
// end of each. Whatever the order, a PIN the lock holds is on the list.
template <typename Check>
void EveryOrder(PinFacts start, const std::vector<JobOutcome>& outcomes, Check check) {
  std::vector<int> order(outcomes.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  do {
    PinFacts pin = start;
    std::string heard;
    for (int i : order) {
      Apply(pin, Decide(pin, outcomes[i]));
      heard += std::to_string(i) + " ";
      INFO("heard " << heard);
      CHECK_FALSE((pin.at_lock == AtLock::kHeld && pin.status == "deleted"));
    }
    INFO("heard " << heard);
    check(pin);
  } while (std::next_permutation(order.begin(), order.end()));
}

void EveryOrderEnds(PinFacts start, const std::vector<JobOutcome>& outcomes, const std::string& status,
                    AtLock at_lock) {
  EveryOrder(start, outcomes, [&](const PinFacts& pin) {
    CHECK(pin.status == status);
    CHECK(pin.at_lock == at_lock);
  });
}

}  // namespace

TEST_CASE("A5: A6: J2: a Custom PIN follows its add job: completed is active, failed is deleted") {
  PinFacts active = Follow(PendingPin(), {Add(Word::kCompleted)});
  CHECK(active.status == "active");
  CHECK(active.at_lock == AtLock::kHeld);
  CHECK(Follow(PendingPin(), {Add(Word::kFailed)}).status == "deleted");
  // Heard twice (a redelivery under another event id): the second changes nothing.
  CHECK(Decide(active, Add(Word::kCompleted)).step == PinStep::kNothing);
}

TEST_CASE("J4: failed, recreated and completed ends active, in every order it is heard") {
  EveryOrderEnds(PendingPin(), {Add(Word::kFailed, 1), Add(Word::kRecreated, 2), Add(Word::kCompleted, 2)},
                 "active", AtLock::kHeld);
}

TEST_CASE("J4: failed, recreated and failed again ends deleted, in every order it is heard") {
  EveryOrderEnds(PendingPin(), {Add(Word::kFailed, 1), Add(Word::kRecreated, 2), Add(Word::kFailed, 2)},
                 "deleted", AtLock::kAbsent);
}

TEST_CASE("J4: failed, recreated and the recreated job deleted ends deleted, in every order") {
  EveryOrderEnds(PendingPin(), {Add(Word::kFailed, 1), Add(Word::kRecreated, 2), Add(Word::kDeleted, 2)},
                 "deleted", AtLock::kDropped);
}

TEST_CASE("A13: J4: an add that reaches the lock after its job was deleted is taken off again") {
  PinFacts dropped = Follow(PendingPin(), {Add(Word::kDeleted)});
  CHECK(dropped.status == "deleted");
  CHECK(Decide(dropped, Add(Word::kCompleted)).step == PinStep::kTakeOff);
  // Heard the other way round, it simply landed.
  CHECK(Follow(PendingPin(), {Add(Word::kCompleted), Add(Word::kDeleted)}).status == "active");
  // The take-off job lands, or the lock had nothing to delete: deleted for good.
  PinFacts off = Follow(dropped, {Add(Word::kCompleted), Delete(Word::kCompleted, kTakeOffJob)});
  CHECK(off.status == "deleted");
  CHECK(off.at_lock == AtLock::kAbsent);
  CHECK(Follow(dropped, {Add(Word::kCompleted), Delete(Word::kFailed, kTakeOffJob)}).status == "deleted");
}

TEST_CASE("J4: a person's delete that crossed a recreation wins: the recreated add is taken off") {
  PinFacts pin = Follow(PendingPin(), {Add(Word::kFailed)});
  pin.deleted_by_person = true;  // the access list's delete, after the failure
  CHECK(Decide(pin, Add(Word::kRecreated, 2)).step == PinStep::kNothing);
  CHECK(Decide(pin, Add(Word::kCompleted, 2)).step == PinStep::kTakeOff);
  // Without a person's delete, a completion of the recreated job is the recreation.
  PinFacts failed = Follow(PendingPin(), {Add(Word::kFailed)});
  CHECK(Decide(failed, Add(Word::kCompleted, 2)).step == PinStep::kActivateRecreated);
}

TEST_CASE("A13: a delete job settles the PIN: landed or nothing to delete is deleted") {
  PinFacts held = DeletingPin(AtLock::kHeld);
  CHECK(Follow(held, {Delete(Word::kCompleted)}).status == "deleted");
  CHECK(Follow(held, {Delete(Word::kFailed)}).status == "deleted");
  // An add's completion heard while its delete is on its way changes nothing.
  CHECK(Decide(DeletingPin(AtLock::kSent), Add(Word::kCompleted)).step == PinStep::kNothing);
  // Heard after the delete landed, it is taken off again all the same: the
  // lock's delete finds nothing, and settles it.
  PinFacts again = Follow(DeletingPin(AtLock::kSent), {Delete(Word::kCompleted), Add(Word::kCompleted)});
  CHECK(again.status == "deleting");
  CHECK(Follow(again, {Delete(Word::kFailed, kTakeOffJob)}).status == "deleted");
}

TEST_CASE("J4: a recreation after a person deleted the failed PIN is taken off when it lands, in every order") {
  PinFacts deleted = Follow(PendingPin(), {Add(Word::kFailed)});
  deleted.deleted_by_person = true;
  EveryOrder(deleted, {Add(Word::kRecreated, 2), Add(Word::kCompleted, 2)}, [](const PinFacts& pin) {
    CHECK(pin.status == "deleting");
    CHECK(pin.at_lock == AtLock::kHeld);
  });
  // Its deletion before it landed leaves nothing to take off.
  EveryOrder(deleted, {Add(Word::kRecreated, 2), Add(Word::kDeleted, 2)}, [](const PinFacts& pin) {
    CHECK(pin.status == "deleted");
  });
}

TEST_CASE("A13: J4: a PIN deleted while pending, its add failed, then recreated and landed, is taken off") {
  // The delete job lands (finding nothing) before the recreated add lands.
  PinFacts pin = Follow(DeletingPin(AtLock::kSent), {Add(Word::kFailed, 1), Delete(Word::kFailed)});
  CHECK(pin.status == "deleted");
  EveryOrder(pin, {Add(Word::kRecreated, 2), Add(Word::kCompleted, 2)}, [](const PinFacts& end) {
    CHECK(end.status == "deleting");
    CHECK(end.at_lock == AtLock::kHeld);
  });
}

TEST_CASE("A13: a deleted delete job that landed anyway leaves the PIN deleted, whatever its add says") {
  // Pending again after its delete job was deleted; that job reached the lock after all.
  EveryOrder(DeletingPin(AtLock::kSent), {Delete(Word::kDeleted), Delete(Word::kCompleted), Add(Word::kCompleted)},
             [](const PinFacts& end) { CHECK(end.status != "pending"); });
}

TEST_CASE("A13: J4: a deleted delete job leaves the PIN as the lock holds it") {
  // The add landed: the lock still holds it.
  EveryOrderEnds(DeletingPin(AtLock::kSent), {Add(Word::kCompleted), Delete(Word::kDeleted)}, "active",
                 AtLock::kHeld);
  // The add failed: the lock never had it.
  EveryOrderEnds(DeletingPin(AtLock::kSent), {Add(Word::kFailed), Delete(Word::kDeleted)}, "deleted",
                 AtLock::kAbsent);
  // The add job was deleted too, and never landed: nothing holds it.
  EveryOrderEnds(DeletingPin(AtLock::kSent), {Add(Word::kDeleted), Delete(Word::kDeleted)}, "deleted",
                 AtLock::kDropped);
  // Deleted, yet it landed: the lock holds it, and the list shows it, active
  // or on its way off again.
  EveryOrder(DeletingPin(AtLock::kSent), {Add(Word::kDeleted), Add(Word::kCompleted), Delete(Word::kDeleted)},
             [](const PinFacts& pin) {
               CHECK(pin.at_lock == AtLock::kHeld);
               CHECK((pin.status == "active" || pin.status == "deleting"));
             });
}

TEST_CASE("outcomes published before they named their kind count for the job the PIN waits for") {
  JobOutcome old = Outcome(Word::kCompleted, kAdd, jv1::JOB_KIND_UNSPECIFIED, 1);
  PinFacts pending = PendingPin();
  REQUIRE(keyway::access::InferOldOutcome(pending, old));
  CHECK(old.kind == jv1::JOB_KIND_ADD_CUSTOM_PIN);
  CHECK(Decide(pending, old).step == PinStep::kActivate);
  JobOutcome other = Outcome(Word::kCompleted, "another-job", jv1::JOB_KIND_UNSPECIFIED, 1);
  CHECK_FALSE(keyway::access::InferOldOutcome(pending, other));
  PinFacts failed = Follow(PendingPin(), {Add(Word::kFailed)});
  JobOutcome recreated = Outcome(Word::kRecreated, kAdd, jv1::JOB_KIND_UNSPECIFIED, 1);
  REQUIRE(keyway::access::InferOldOutcome(failed, recreated));
  CHECK(Decide(failed, recreated).step == PinStep::kRevive);
  // A completion after the failure, heard before the recreation: the recreation's.
  JobOutcome completed = Outcome(Word::kCompleted, kAdd, jv1::JOB_KIND_UNSPECIFIED, 1);
  REQUIRE(keyway::access::InferOldOutcome(failed, completed));
  CHECK(Decide(failed, completed).step == PinStep::kActivateRecreated);
}

TEST_CASE("J4: A13: a delete made before a recreated add landed is followed by another, in every order") {
  // A fails and is recreated while a person deletes the PIN, which access
  // still showed pending; the delete job is deleted in the jobs list but
  // lands after the recreated add: the lock ends empty.
  EveryOrder(DeletingPin(AtLock::kSent),
             {Add(Word::kFailed, 1), Add(Word::kRecreated, 2), Delete(Word::kDeleted), Add(Word::kCompleted, 2),
              Delete(Word::kCompleted)},
             [](const PinFacts& end) { CHECK((end.status == "deleted" || end.status == "deleting")); });
  // Or the delete landed first, finding nothing, and the recreated add after it: the lock holds it.
  EveryOrder(DeletingPin(AtLock::kSent),
             {Add(Word::kFailed, 1), Delete(Word::kFailed), Add(Word::kRecreated, 2), Add(Word::kCompleted, 2)},
             [](const PinFacts& end) {
               CHECK(end.status == "deleting");
               CHECK(end.at_lock == AtLock::kHeld);
             });
  // A take-off made once the recreated add was known to have landed is final: no loop of deletes.
  PinFacts recreated_active = Follow(PendingPin(), {Add(Word::kFailed, 1), Add(Word::kRecreated, 2),
                                                    Add(Word::kCompleted, 2)});
  REQUIRE(recreated_active.status == "active");
  PinFacts deleting = recreated_active;
  deleting.status = "deleting";
  deleting.pending_job_id = kDelete;
  deleting.final_delete_job_id = kDelete;  // the person deleted it knowing it was on the lock
  CHECK(Follow(deleting, {Delete(Word::kCompleted)}).status == "deleted");
}
