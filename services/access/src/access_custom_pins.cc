// A5-A7, A14: Custom PINs. The digits are chosen by a person, sealed for the
// lock and sent by a job; the access stays pending until the job's outcome
// comes back from the jobs service.
#include "absl/strings/str_cat.h"
#include "access.h"
#include "access_internal.h"
#include "keyway/algopin/custom_pin.h"
#include "keyway/algopin/remote_pin.h"
#include "keyway/core/encoding.h"
#include "keyway/core/random.h"
#include "keyway/core/text.h"
#include "keyway/idempotency/idempotency.h"
#include "keyway/pg/transaction.h"
#include "keyway/rpc/proto_time.h"

namespace keyway::access {
namespace {

using internal::Audit;
using internal::ToProto;
using rpc::FromTimestamp;
using rpc::ToTimestamp;

// A 10-digit Custom PIN that the lock would read as one of its live Remote
// PINs: the lock could not tell them apart.
bool EqualsLiveRemotePin(pqxx::work& tx, const std::string& lock_secret, absl::Time epoch,
                         const std::string& lock_id, const std::string& digits) {
  if (digits.size() != static_cast<size_t>(algopin::kPinDigits)) return false;
  auto codec = algopin::PinCodec::Create(lock_secret, UuidBytes(lock_id), epoch);
  if (!codec.ok()) return false;
  auto pin = codec->Decode(digits);
  if (!pin) return false;
  return store::LiveRemotePinExists(tx, lock_id, pin->start, pin->length_index,
                                    static_cast<int>(pin->nonce));
}

constexpr int kTakenDigitRefusalsPerDay = 5;

}  // namespace

absl::StatusOr<v1::CreateCustomPinResponse> Access::CreateCustomPin(
    const Caller& caller, const v1::CreateCustomPinRequest& req) {
  if (auto s = core::ValidateUuid(req.lock_id(), "lock_id"); !s.ok()) return s;
  if (auto s = algopin::ValidateCustomPinDigits(req.pin()); !s.ok()) return s;
  auto name = core::NormalizeText(req.name(), "name", 100);
  if (!name.ok()) return name.status();
  if (req.channel() != v1::PIN_CHANNEL_BLUETOOTH && req.channel() != v1::PIN_CHANNEL_BRIDGE) {
    return absl::InvalidArgumentError(
        "channel must be PIN_CHANNEL_BLUETOOTH (the app carries it at its next sync, A5) or "
        "PIN_CHANNEL_BRIDGE (the lock's Bridge carries it, A6)");
  }
  if (auto s = idempotency::ValidateKey(req.request_id()); !s.ok()) return s;
  const absl::Time now = clock_.Now();
  const absl::Time start = req.has_start_time() ? FromTimestamp(req.start_time()) : now;
  std::optional<absl::Time> end;
  if (req.has_end_time()) {
    end = FromTimestamp(req.end_time());
    if (*end <= start) return absl::InvalidArgumentError("end_time must be after start_time");
    if (*end <= now) return absl::InvalidArgumentError("end_time is already past");
  }
  const bool resident = caller.principal.role == auth::Role::kLockUser;
  if (resident && req.channel() != v1::PIN_CHANNEL_BLUETOOTH) {
    return absl::PermissionDeniedError(
        "a resident creates their own Custom PIN at the lock, over Bluetooth (A14): set channel "
        "to PIN_CHANNEL_BLUETOOTH");
  }
  // A resident may not act on the lock through org; org still says how many
  // departments it is in.
  auto lock = resident ? scopes_.DepartmentsOf(caller.bearer_token, req.lock_id())
                       : scopes_.Describe(caller.bearer_token, req.lock_id());
  if (!lock.ok()) return lock.status();
  if (lock->departmental && lock->department_count != 1) {
    return absl::FailedPreconditionError(absl::StrCat(
        "lock ", req.lock_id(), " belongs to ", lock->department_count,
        " departments: a Custom PIN needs a lock in exactly one department (A7)"));
  }
  if (!resident) {
    if (req.channel() == v1::PIN_CHANNEL_BRIDGE && !lock->has_bridge) {
      return absl::FailedPreconditionError(absl::StrCat(
          "lock ", req.lock_id(),
          " has no Bridge: link one to it (L7) or send the PIN by Bluetooth"));
    }
  }
  const std::string& org = caller.principal.organisation_id;
  // Refusing taken digits tells the caller a live PIN's digits: a few
  // refusals a day per person and lock keep that from becoming a way to read
  // the lock's PINs. Each try counts as a refusal before it runs, one after
  // the other, so concurrent tries cannot all pass the count (S10); a try
  // that is not refused gives its count back.
  auto reserved = pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<int64_t> {
    auto id = store::ReserveRefusal(tx, org, caller.principal.user_id, req.lock_id(), now,
                                    kTakenDigitRefusalsPerDay);
    if (!id) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "you chose digits already in use on this lock ", kTakenDigitRefusalsPerDay,
          " times in the last 24 hours: try again tomorrow, or ask the lock's manager"));
    }
    return *id;
  });
  if (!reserved.ok()) return reserved.status();
  auto created = pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::CreateCustomPinResponse> {
    absl::Time epoch;
    auto secret = LockSecret(tx, org, req.lock_id(), &epoch);
    if (!secret.ok()) return secret.status();
    auto digest_key = LockSecret(tx, org, req.lock_id(), nullptr, SecretFor::kDigests);
    if (!digest_key.ok()) return digest_key.status();
    const std::string digest = algopin::CustomPinDigest(*digest_key, req.pin());
    // K4: the idempotency record holds a hash of the request; it names the
    // PIN by its keyed digest so that the hash cannot be searched for digits.
    v1::CreateCustomPinRequest fingerprint = req;
    fingerprint.set_pin(core::HexEncode(digest));
    return idempotency::Run<v1::CreateCustomPinResponse>(
        tx, absl::StrCat("CreateCustomPin/", org, "/", caller.principal.user_id), req.request_id(),
        fingerprint, [&](pqxx::work& tx) -> absl::StatusOr<v1::CreateCustomPinResponse> {
          // Serialises Custom PIN creates per lock, before anything is
          // counted: a resident's one PIN (A14), the digest check below and
          // the unique index then agree. (Counted before it, two creates at
          // once each saw none and both went in.)
          store::FindLockSecret(tx, org, req.lock_id(), true);
          std::optional<absl::Time> window_end = end;
          if (resident) {
            auto held = ResidentKey(tx, caller, req.lock_id());
            if (!held.ok()) return held.status();
            if (store::LiveCustomPinsMadeBy(tx, caller.principal.user_id, req.lock_id()) > 0) {
              return absl::FailedPreconditionError(
                  "you already have a Custom PIN on this lock: a resident has one of their own "
                  "(A14); delete it to choose another");
            }
            if (!window_end) window_end = held->end;  // a resident's PIN ends with their access
            if (auto s = internal::RequireInside(*held, start,
                                                 window_end.value_or(absl::InfiniteFuture()));
                !s.ok()) {
              return s;
            }
          }
          if (store::LiveCustomPinExists(tx, req.lock_id(), digest) ||
              EqualsLiveRemotePin(tx, *secret, epoch, req.lock_id(), req.pin())) {
            return absl::AlreadyExistsError(
                "this lock already has a live PIN with these digits, and could not tell the two "
                "apart: choose other digits");
          }
          store::AccessRow row;
          row.id = core::NewUuid();
          row.organisation_id = org;
          row.lock_id = req.lock_id();
          row.type = "custom_pin";
          row.status = "pending";  // A5, A6: until the lock confirms
          row.name = *name;
          row.start = start;
          row.end = window_end;
          row.created_by = caller.principal.user_id;
          row.created_at = now;
          row.channel = req.channel() == v1::PIN_CHANNEL_BRIDGE ? "bridge" : "bluetooth";
          row.pin_digest = digest;
          row.pending_job_id = core::NewUuid();
          store::InsertAccess(tx, row);
          v1::LockJobRequested job = internal::LockJobFor(row, row.pending_job_id);
          job.set_kind(v1::LockJobRequested::KIND_ADD_CUSTOM_PIN);
          job.set_channel(req.channel());
          // Sealed under the secret the lock will hold when the job arrives (S7).
          auto for_job = LockSecret(tx, org, req.lock_id(), nullptr, SecretFor::kJobs);
          if (!for_job.ok()) return for_job.status();
          job.set_sealed_pin(algopin::SealCustomPin(*for_job, req.pin()));
          *job.mutable_custom_pin_start_time() = ToTimestamp(start);
          if (window_end) *job.mutable_custom_pin_end_time() = ToTimestamp(*window_end);
          RequestJob(tx, caller.principal.user_id, job);
          Audit(tx, caller, "access.custom_pin_created", "access", row.id,
                {{"lock_id", row.lock_id}, {"channel", row.channel}, {"resident", resident}});
          v1::CreateCustomPinResponse resp;
          *resp.mutable_access() = ToProto(row);
          return resp;
        });
  });
  if (created.status().code() != absl::StatusCode::kAlreadyExists) {
    // Not refused for its digits: the count goes back. Should this fail, the
    // count stays: an honest person loses one try of five, nobody gains one.
    (void)pg::InTransaction(pool_, [&](pqxx::work& tx) {
      store::ForgetRefusal(tx, *reserved);
      return absl::OkStatus();
    });
  }
  return created;
}

}  // namespace keyway::access
