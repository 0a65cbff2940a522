// Secrets, reading (get, list, PIN facts), deleting (A13) and the shared
// steps of every create.
#include "access.h"

#include "absl/strings/str_cat.h"
#include "access_internal.h"
#include "keyway/audit/trail.h"
#include "keyway/algopin/remote_pin.h"
#include "keyway/core/paging.h"
#include "keyway/core/limits.h"
#include "keyway/core/random.h"
#include "keyway/core/seal.h"
#include "keyway/core/text.h"
#include "keyway/org/v1/org_events.pb.h"
#include "keyway/pg/transaction.h"
#include "keyway/rpc/proto_time.h"

namespace keyway::access {

using internal::AccessNotFound;
using internal::Audit;
using internal::ToProto;
using rpc::ToTimestamp;

Access::Access(pg::Pool& pool, org_client::LockScopes& scopes, UserDirectory& users, const core::Clock& clock,
               AccessConfig config)
    : pool_(pool), scopes_(scopes), users_(users), clock_(clock), config_(std::move(config)) {}

absl::Status Access::ApplyOrgEvent(pqxx::work& tx, const events::Event& event) {
  if (event.type == keyway::org::v1::LockIntervalsChanged().GetTypeName()) {
    return RequestIntervalsJob(tx, event);
  }
  if (event.type != keyway::org::v1::LockPaired().GetTypeName()) return absl::OkStatus();
  keyway::org::v1::LockPaired paired;
  if (!paired.ParseFromString(event.payload)) return absl::DataLossError("unreadable event");
  absl::Time paired_at = event.created_at == absl::Time() ? clock_.Now() : event.created_at;
  store::InsertLockSecret(tx,
                          {paired.lock_id(), paired.organisation_id(),
                           core::Seal(config_.key_encryption_key, core::RandomBytes(32)),
                           algopin::FloorToHour(paired_at), std::nullopt},
                          clock_.Now());
  return absl::OkStatus();
}

absl::StatusOr<std::string> Access::LockSecret(pqxx::work& tx, const std::string& organisation_id,
                                               const std::string& lock_id, absl::Time* epoch,
                                               SecretFor use) {
  auto secret = store::FindLockSecret(tx, organisation_id, lock_id);
  if (!secret) {
    return internal::SecretStillBeingMade();
  }
  if (epoch) *epoch = secret->epoch;
  const std::string& sealed = use == SecretFor::kDigests ? secret->digest_secret
                              : use == SecretFor::kJobs && !secret->rotating_to.empty()
                                  ? secret->rotating_to
                                  : secret->sealed_secret;
  return core::Unseal(config_.key_encryption_key, sealed);
}

void Access::TakeCustomPinOffLock(pqxx::work& tx, const std::string& requested_by,
                                  const store::AccessRow& pin, const std::string& deleted_by,
                                  const std::string& reason, bool lock_holds_it) {
  v1::LockJobRequested job = internal::LockJobFor(pin, core::NewUuid());
  // A13: the lock holds the PIN until the delete job lands; the access says
  // so meanwhile, and the job travels as the PIN did.
  job.set_kind(v1::LockJobRequested::KIND_DELETE_CUSTOM_PIN);
  job.set_channel(pin.channel == "bridge" ? v1::PIN_CHANNEL_BRIDGE : v1::PIN_CHANNEL_BLUETOOTH);
  if (pin.status == "deleted" && store::LiveCustomPinExists(tx, pin.lock_id, pin.pin_digest)) {
    // A late add of a PIN deleted here, whose digits a live PIN took since:
    // the two cannot both be live, so it stays deleted, its delete on the way.
    store::SetStatus(tx, pin.id, "deleted", "", reason);
  } else {
    store::MarkDeleting(tx, pin.id, job.job_id(), deleted_by, reason);
  }
  if (lock_holds_it) store::SetFinalDeleteJob(tx, pin.id, job.job_id());
  RequestJob(tx, requested_by, job);
  // J4: deleting the access disables recreating its add job.
  if (!pin.add_job_id.empty()) PublishAccessDeleted(tx, pin, pin.add_job_id);
}

void Access::PublishAccessDeleted(pqxx::work& tx, const store::AccessRow& pin,
                                  const std::string& job_id) {
  v1::AccessDeleted deleted;
  deleted.set_organisation_id(pin.organisation_id);
  deleted.set_access_id(pin.id);
  deleted.set_job_id(job_id);
  events::PublishMessage(tx, config_.events_stream, pin.organisation_id, deleted);
}

void Access::RevokeKeyAtLock(pqxx::work& tx, const std::string& requested_by,
                             const store::AccessRow& key, const std::string& key_id) {
  v1::LockJobRequested job = internal::LockJobFor(key, core::NewUuid());
  job.set_kind(v1::LockJobRequested::KIND_REVOKE_KEY);
  job.set_key_id(key_id);
  if (key.end) *job.mutable_key_end_time() = ToTimestamp(*key.end);
  RequestJob(tx, requested_by, job);
}

absl::StatusOr<store::AccessRow> Access::ResidentKey(pqxx::work& tx, const Caller& caller,
                                                     const std::string& lock_id) {
  const absl::Time now = clock_.Now();
  for (const auto& held : store::LiveHeldAccesses(tx, caller.principal.organisation_id,
                                                  caller.principal.user_id, lock_id, now)) {
    if (held.type != "bluetooth_key" || held.start > now) continue;
    if (std::find(held.permissions.begin(), held.permissions.end(), "residential") !=
        held.permissions.end()) {
      return held;
    }
  }
  return absl::PermissionDeniedError(absl::StrCat(
      "you hold no Residential User key on lock ", lock_id,
      " that is valid now: a Lock User creates PINs only as a resident of the lock (A14)"));
}

absl::StatusOr<store::AccessRow> Access::FindInScope(const Caller& caller,
                                                     const std::string& access_id) {
  if (auto s = core::ValidateUuid(access_id, "access_id"); !s.ok()) return s;
  auto row = pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<store::AccessRow> {
    auto a = store::FindAccess(tx, caller.principal.organisation_id, access_id);
    if (!a) return AccessNotFound(access_id);
    return *a;
  });
  if (!row.ok()) return row.status();
  if (caller.principal.role == auth::Role::kLockUser) {
    // O5: a Lock User sees their own keys and the PINs they made, nothing else.
    const std::string& me = caller.principal.user_id;
    if (row->user_id != me && row->created_by != me) return AccessNotFound(access_id);
    return row;
  }
  if (auto s = scopes_.Require(caller.bearer_token, {row->lock_id}); !s.ok()) return s;
  return row;
}

absl::Status Access::RequireSecretKeeper(const Caller& caller, const std::string& lock_id,
                                         const std::string& what) {
  if (auto s = core::ValidateUuid(lock_id, "lock_id"); !s.ok()) return s;
  if (auto s = scopes_.Require(caller.bearer_token, {lock_id}); !s.ok()) return s;
  // The master secret mints Remote PINs offline for as long as it lives: only
  // those who manage the whole organisation handle it (after the scope check,
  // so another organisation's lock stays NOT_FOUND, O6).
  return auth::RequireRole(caller.principal, {auth::Role::kOwner, auth::Role::kAdmin}, what);
}

absl::StatusOr<v1::ProvisionLockResponse> Access::ProvisionLock(
    const Caller& caller, const v1::ProvisionLockRequest& req) {
  if (auto s = RequireSecretKeeper(caller, req.lock_id(), "provision a lock (its secret mints PINs)");
      !s.ok()) {
    return s;
  }
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::ProvisionLockResponse> {
    auto secret = store::FindLockSecret(tx, caller.principal.organisation_id, req.lock_id(), true);
    if (!secret) {
      return internal::SecretStillBeingMade();
    }
    if (secret->provisioned_at) {
      return absl::FailedPreconditionError(absl::StrCat(
          "lock ", req.lock_id(), " was provisioned already: its secret is never shown twice (K4)"));
    }
    auto plain = core::Unseal(config_.key_encryption_key, secret->sealed_secret);
    if (!plain.ok()) return plain.status();
    store::MarkProvisioned(tx, req.lock_id(), clock_.Now());
    Audit(tx, caller, "lock.provisioned", "lock", req.lock_id(), nlohmann::json::object());
    v1::ProvisionLockResponse resp;
    resp.set_secret(*plain);
    *resp.mutable_epoch() = ToTimestamp(secret->epoch);
    return resp;
  });
}

absl::StatusOr<v1::Access> Access::GetAccess(const Caller& caller, const v1::GetAccessRequest& req) {
  auto row = FindInScope(caller, req.access_id());
  if (!row.ok()) return row.status();
  return ToProto(*row);
}

absl::StatusOr<v1::ListAccessesResponse> Access::ListAccesses(const Caller& caller,
                                                              const v1::ListAccessesRequest& req) {
  store::ListFilter filter;
  if (!req.lock_id().empty()) {
    if (auto s = core::ValidateUuid(req.lock_id(), "lock_id"); !s.ok()) return s;
    filter.lock_id = req.lock_id();
  }
  if (!req.user_id().empty()) {
    if (auto s = core::ValidateUuid(req.user_id(), "user_id"); !s.ok()) return s;
    filter.user_id = req.user_id();
  }
  if (!v1::AccessType_IsValid(req.type()) || !v1::AccessStatus_IsValid(req.status())) {
    return absl::InvalidArgumentError("type or status is not one this API knows");
  }
  static const char* const kTypes[] = {"", "remote_pin", "custom_pin", "bluetooth_key", "two_factor"};
  static const char* const kStatuses[] = {"", "pending", "active", "deleted", "deleting"};
  filter.type = kTypes[req.type()];
  filter.status = kStatuses[req.status()];
  for (const auto* id : {&req.property_id(), &req.department_id()}) {
    if (id->empty()) continue;
    if (auto s = core::ValidateUuid(*id, id == &req.property_id() ? "property_id" : "department_id");
        !s.ok()) {
      return s;
    }
  }
  const bool lock_user = caller.principal.role == auth::Role::kLockUser;
  if (lock_user) filter.involving_user_id = caller.principal.user_id;  // O5
  auto size = core::PageSize(req.page_size());
  if (!size.ok()) return size.status();
  const std::string query =
      absl::StrCat("accesses|", filter.lock_id, "|", filter.type, "|", filter.status, "|",
                   filter.user_id, "|", req.property_id(), "|", req.department_id());
  if (!req.property_id().empty() || !req.department_id().empty()) {
    if (lock_user) {
      return absl::PermissionDeniedError("a Lock User lists their own access only (O5)");
    }
    // A15: org says which locks the property or department holds.
    auto locks = scopes_.LocksIn(caller.bearer_token, req.property_id(), req.department_id(),
                                 core::kMaxLocksPerRequest);
    if (!locks.ok()) return locks.status();
    filter.lock_ids = std::move(*locks);
  }
  auto after = core::DecodeTimeAndIdToken(req.page_token(), query);
  if (!after.ok()) return after.status();
  filter.after = *after;
  // A Manager sees the accesses of their departments' locks only: rows are
  // read batch by batch, dropping what org says is out of scope, until the
  // page is full or nothing is left.
  v1::ListAccessesResponse resp;
  bool exhausted = false;
  for (int round = 0; round < 20 && resp.accesses_size() < *size && !exhausted; ++round) {
    filter.limit = *size + 1;
    auto rows = pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<std::vector<store::AccessRow>> {
      return store::ListAccesses(tx, caller.principal.organisation_id, filter);
    });
    if (!rows.ok()) return rows.status();
    exhausted = static_cast<int>(rows->size()) < filter.limit;
    if (rows->empty()) break;
    std::vector<std::string> locks;
    for (const auto& r : *rows) {
      if (std::find(locks.begin(), locks.end(), r.lock_id) == locks.end()) locks.push_back(r.lock_id);
    }
    absl::StatusOr<std::vector<std::string>> allowed = locks;  // a Lock User's rows are theirs
    if (!lock_user) allowed = scopes_.Allowed(caller.bearer_token, locks);
    if (!allowed.ok()) return allowed.status();
    for (const auto& r : *rows) {
      if (resp.accesses_size() == *size) {
        exhausted = false;  // rows remain after the page
        break;
      }
      filter.after = std::make_pair(r.created_at, r.id);  // read past this row
      if (std::find(allowed->begin(), allowed->end(), r.lock_id) != allowed->end()) {
        *resp.add_accesses() = ToProto(r);
      }
    }
  }
  if (!exhausted && filter.after) {
    resp.set_next_page_token(core::EncodeTimeAndIdToken(*filter.after, query));
  }
  return resp;
}

absl::StatusOr<v1::GetLockPinFactsResponse> Access::GetLockPinFacts(
    const Caller& caller, const v1::GetLockPinFactsRequest& req) {
  std::vector<std::string> locks(req.lock_ids().begin(), req.lock_ids().end());
  if (locks.size() > static_cast<size_t>(core::kMaxLocksPerRequest)) {
    return absl::InvalidArgumentError(
        absl::StrCat("at most ", core::kMaxLocksPerRequest, " lock_ids at once"));
  }
  for (const auto& id : locks) {
    if (auto s = core::ValidateUuid(id, "lock_ids"); !s.ok()) return s;
  }
  v1::GetLockPinFactsResponse resp;
  if (locks.empty()) return resp;
  if (auto s = scopes_.Require(caller.bearer_token, locks); !s.ok()) return s;
  auto facts = pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<store::PinFacts> {
    return store::PinFactsOf(tx, caller.principal.organisation_id, locks, clock_.Now());
  });
  if (!facts.ok()) return facts.status();
  resp.set_active_pin_count(facts->active_pins);
  resp.set_locks_with_active_pins(facts->locks_with_active_pins);
  for (const auto& l : facts->custom_pin_locks) resp.add_custom_pin_lock_ids(l);
  return resp;
}

absl::StatusOr<v1::ListHeldLocksResponse> Access::ListHeldLocks(const Caller& caller) {
  auto locks = pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<std::vector<std::string>> {
    return store::HeldLockIds(tx, caller.principal.organisation_id, caller.principal.user_id,
                              clock_.Now(), core::kMaxLocksPerRequest);
  });
  if (!locks.ok()) return locks.status();
  v1::ListHeldLocksResponse resp;
  for (const auto& id : *locks) resp.add_lock_ids(id);
  return resp;
}

absl::StatusOr<v1::ListAuditEventsResponse> Access::ListAuditEvents(
    const Caller& caller, const v1::ListAuditEventsRequest& req) {
  return audit::ReadTrail<v1::ListAuditEventsResponse>(pool_, caller.principal, req.page_size(),
                                                       req.page_token());
}

absl::StatusOr<v1::Access> Access::DeleteAccess(const Caller& caller,
                                                const v1::DeleteAccessRequest& req) {
  auto row = FindInScope(caller, req.access_id());
  if (!row.ok()) return row.status();
  if (caller.principal.role == auth::Role::kLockUser && row->created_by != caller.principal.user_id) {
    return absl::PermissionDeniedError(
        "a Lock User deletes only the PINs they made; their keys are managed by the organisation");
  }
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::Access> {
    auto a = store::FindAccess(tx, caller.principal.organisation_id, req.access_id(), true);
    if (!a) return AccessNotFound(req.access_id());
    if (a->status == "pending" && a->job_recreated) {
      return absl::FailedPreconditionError(
          "this Custom PIN's failed job was recreated: delete the job in the jobs list instead (J4)");
    }
    if (a->status == "deleted" && a->type == "custom_pin" && a->deleted_by.empty() &&
        !a->pending_job_id.empty()) {
      // J4: deleted by its failed job; a person deleting it too means that
      // job is never to be recreated.
      store::SetDeletedBy(tx, a->id, caller.principal.user_id);
      PublishAccessDeleted(tx, *a, a->pending_job_id);
      Audit(tx, caller, "access.deleted", "access", a->id, {{"type", a->type}, {"after_failed_job", true}});
      return ToProto(*a);
    }
    if (a->status == "deleted" || a->status == "deleting") return ToProto(*a);  // already under way
    const absl::Time now = clock_.Now();
    if (a->type == "custom_pin") {
      TakeCustomPinOffLock(tx, caller.principal.user_id, *a, caller.principal.user_id, "",
                           a->at_lock == "held");
      a->status = "deleting";
    } else {
      store::MarkDeleted(tx, a->id, now, caller.principal.user_id);
      a->status = "deleted";
      if (a->type == "remote_pin") {
        // A13: the lock must refuse it from now on; the jobs service sends the
        // revocation by the lock's Bridge, or with the next app sync.
        v1::LockJobRequested job = internal::LockJobFor(*a, core::NewUuid());
        job.set_kind(v1::LockJobRequested::KIND_REVOKE_REMOTE_PIN);
        *job.mutable_remote_pin_start_time() = ToTimestamp(a->start);
        job.set_remote_pin_length_index(*a->length_index);
        job.set_remote_pin_nonce(*a->nonce);
        RequestJob(tx, caller.principal.user_id, job);
      } else if (a->type == "bluetooth_key") {
        // A13: the key is gone at once; the lock learns to refuse its
        // credential, which would otherwise work until its end.
        RevokeKeyAtLock(tx, caller.principal.user_id, *a, a->key_id);
      }
    }
    Audit(tx, caller, "access.deleted", "access", a->id, {{"type", a->type}});
    return ToProto(*a);
  });
}

}  // namespace keyway::access
