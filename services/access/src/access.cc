#include "access.h"

#include <nlohmann/json.hpp>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "access_store.h"
#include "keyway/access/v1/access_events.pb.h"
#include "keyway/algopin/remote_pin.h"
#include "keyway/audit/audit.h"
#include "keyway/contact/contact.h"
#include "keyway/core/paging.h"
#include "keyway/core/random.h"
#include "keyway/core/seal.h"
#include "keyway/core/text.h"
#include "keyway/idempotency/idempotency.h"
#include "keyway/org/v1/org_events.pb.h"
#include "keyway/pg/convert.h"
#include "keyway/pg/transaction.h"
#include "keyway/rpc/proto_time.h"
#include "remote_pin_plan.h"

namespace keyway::access {
namespace {

using rpc::FromTimestamp;
using rpc::ToTimestamp;

v1::PinKind KindOf(const std::string& name) {
  if (name == "one_time") return v1::PIN_KIND_ONE_TIME;
  if (name == "duration") return v1::PIN_KIND_DURATION;
  if (name == "permanent") return v1::PIN_KIND_PERMANENT;
  return v1::PIN_KIND_UNSPECIFIED;
}

std::string KindName(v1::PinKind kind) {
  switch (kind) {
    case v1::PIN_KIND_ONE_TIME: return "one_time";
    case v1::PIN_KIND_DURATION: return "duration";
    case v1::PIN_KIND_PERMANENT: return "permanent";
    default: return "";
  }
}

v1::Access ToProto(const store::AccessRow& a) {
  v1::Access out;
  out.set_id(a.id);
  out.set_lock_id(a.lock_id);
  out.set_type(a.type == "remote_pin"      ? v1::ACCESS_TYPE_REMOTE_PIN
               : a.type == "custom_pin"    ? v1::ACCESS_TYPE_CUSTOM_PIN
               : a.type == "bluetooth_key" ? v1::ACCESS_TYPE_BLUETOOTH_KEY
                                           : v1::ACCESS_TYPE_TWO_FACTOR);
  out.set_status(a.status == "pending"  ? v1::ACCESS_STATUS_PENDING
                 : a.status == "active" ? v1::ACCESS_STATUS_ACTIVE
                                        : v1::ACCESS_STATUS_DELETED);
  out.set_pin_kind(KindOf(a.pin_kind));
  out.set_name(a.name);
  *out.mutable_start_time() = ToTimestamp(a.start);
  if (a.end) *out.mutable_end_time() = ToTimestamp(*a.end);
  out.set_created_by_user_id(a.created_by);
  *out.mutable_create_time() = ToTimestamp(a.created_at);
  return out;
}

void Audit(pqxx::work& tx, const Caller& caller, const std::string& action,
           const std::string& target_type, const std::string& target_id,
           const nlohmann::json& details) {
  audit::Record(tx, {.organisation_id = caller.principal.organisation_id,
                     .actor_user_id = caller.principal.user_id,
                     .action = action,
                     .target_type = target_type,
                     .target_id = target_id,
                     .details_json = details.dump(),
                     .peer = caller.peer});
}

void ForgetPin(v1::CreateRemotePinResponse& r) { r.clear_pin(); }

absl::Status AccessNotFound(const std::string& id) {
  return absl::NotFoundError(absl::StrCat("access ", id, " not found"));
}

}  // namespace

std::string UuidBytes(const std::string& uuid) {
  std::string hex;
  for (char c : uuid) {
    if (c != '-') hex.push_back(c);
  }
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

Access::Access(pg::Pool& pool, LockScopes& scopes, const core::Clock& clock, AccessConfig config)
    : pool_(pool), scopes_(scopes), clock_(clock), config_(std::move(config)) {}

absl::Status Access::ApplyOrgEvent(pqxx::work& tx, const events::Event& event) {
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

absl::StatusOr<v1::ProvisionLockResponse> Access::ProvisionLock(
    const Caller& caller, const v1::ProvisionLockRequest& req) {
  if (auto s = core::ValidateUuid(req.lock_id(), "lock_id"); !s.ok()) return s;
  if (auto s = scopes_.Require(caller.bearer_token, {req.lock_id()}); !s.ok()) return s;
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::ProvisionLockResponse> {
    auto secret = store::FindLockSecret(tx, caller.principal.organisation_id, req.lock_id(), true);
    if (!secret) {
      return absl::UnavailableError(
          "the lock's secret is still being made after pairing: try again in a moment");
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

absl::StatusOr<v1::CreateRemotePinResponse> Access::CreateRemotePin(
    const Caller& caller, const v1::CreateRemotePinRequest& req) {
  if (auto s = core::ValidateUuid(req.lock_id(), "lock_id"); !s.ok()) return s;
  auto name = core::NormalizeText(req.name(), "name", 100);
  if (!name.ok()) return name.status();
  if (!req.has_start_time()) return absl::InvalidArgumentError("start_time is required");
  if (auto s = idempotency::ValidateKey(req.request_id()); !s.ok()) return s;
  if (auto s = scopes_.Require(caller.bearer_token, {req.lock_id()}); !s.ok()) return s;
  const std::string& org = caller.principal.organisation_id;
  std::optional<absl::Time> end;
  if (req.has_end_time()) end = FromTimestamp(req.end_time());
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::CreateRemotePinResponse> {
    return idempotency::Run<v1::CreateRemotePinResponse>(
        tx, absl::StrCat("CreateRemotePin/", org, "/", caller.principal.user_id), req.request_id(),
        req,
        [&](pqxx::work& tx) -> absl::StatusOr<v1::CreateRemotePinResponse> {
          auto secret = store::FindLockSecret(tx, org, req.lock_id());
          if (!secret) {
            return absl::UnavailableError(
                "the lock's secret is still being made after pairing: try again in a moment");
          }
          const absl::Time now = clock_.Now();
          auto plan = PlanRemotePin(req.kind(), FromTimestamp(req.start_time()), end, now,
                                    secret->epoch);
          if (!plan.ok()) return plan.status();
          // Each PIN of the same lock, start and length differs in its nonce (A13).
          std::set<int> used = store::UsedNonces(tx, req.lock_id(), plan->start, plan->length_index);
          std::vector<uint32_t> free;
          for (uint32_t n = 0; n < algopin::kNonceCount; ++n) {
            if (!used.count(static_cast<int>(n))) free.push_back(n);
          }
          if (free.empty()) {
            return absl::ResourceExhaustedError(
                "this lock already has 32 Remote PINs with this start and length: choose another "
                "start hour");
          }
          uint32_t nonce = free[core::RandomBelow(static_cast<uint32_t>(free.size()))];
          auto key = core::Unseal(config_.key_encryption_key, secret->sealed_secret);
          if (!key.ok()) return key.status();
          auto codec = algopin::PinCodec::Create(*key, UuidBytes(req.lock_id()), secret->epoch);
          if (!codec.ok()) return codec.status();
          auto code = codec->Encode({plan->start, plan->length_index, nonce});
          if (!code.ok()) return code.status();
          store::AccessRow row;
          row.id = core::NewUuid();
          row.organisation_id = org;
          row.lock_id = req.lock_id();
          row.type = "remote_pin";
          row.status = "active";  // A2: made without the lock
          row.pin_kind = KindName(req.kind());
          row.name = *name;
          row.start = plan->start;
          if (plan->end != absl::InfiniteFuture()) row.end = plan->end;
          row.length_index = plan->length_index;
          row.nonce = static_cast<int>(nonce);
          row.created_by = caller.principal.user_id;
          row.created_at = now;
          store::InsertAccess(tx, row);
          Audit(tx, caller, "access.remote_pin_created", "access", row.id,
                {{"lock_id", row.lock_id}, {"kind", row.pin_kind}});
          v1::CreateRemotePinResponse resp;
          *resp.mutable_access() = ToProto(row);
          resp.set_pin(*code);
          return resp;
        },
        &ForgetPin);  // K4: the digits are never kept at rest
  });
}

absl::StatusOr<v1::ShareRemotePinResponse> Access::ShareRemotePin(
    const Caller& caller, const v1::ShareRemotePinRequest& req) {
  if (auto s = core::ValidateUuid(req.access_id(), "access_id"); !s.ok()) return s;
  constexpr int kMaxRecipients = 10;  // A4
  if (req.emails_size() > kMaxRecipients) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a PIN is shared with at most ", kMaxRecipients, " email addresses (A4); ",
        req.emails_size(), " were given"));
  }
  std::vector<std::string> emails;
  for (const auto& e : req.emails()) {
    auto email = contact::NormalizeEmail(e);
    if (!email.ok()) return email.status();
    if (std::find(emails.begin(), emails.end(), *email) == emails.end()) emails.push_back(*email);
  }
  auto mobile = contact::NormalizeMobile(req.mobile());
  if (!mobile.ok()) return mobile.status();
  if (emails.empty() && mobile->empty()) {
    return absl::InvalidArgumentError("name at least one email address or a mobile number");
  }
  auto row = pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<store::AccessRow> {
    auto a = store::FindAccess(tx, caller.principal.organisation_id, req.access_id());
    if (!a) return AccessNotFound(req.access_id());
    return *a;
  });
  if (!row.ok()) return row.status();
  if (auto s = scopes_.Require(caller.bearer_token, {row->lock_id}); !s.ok()) return s;
  if (row->type != "remote_pin") {
    return absl::FailedPreconditionError("only Remote PINs are shared this way");
  }
  const absl::Time now = clock_.Now();
  if (row->status != "active" || (row->end && *row->end <= now)) {
    return absl::FailedPreconditionError("this PIN is deleted or over: there is nothing to share");
  }
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::ShareRemotePinResponse> {
    auto secret = store::FindLockSecret(tx, row->organisation_id, row->lock_id);
    if (!secret) return absl::InternalError("the lock's secret is missing");
    auto key = core::Unseal(config_.key_encryption_key, secret->sealed_secret);
    if (!key.ok()) return key.status();
    auto codec = algopin::PinCodec::Create(*key, UuidBytes(row->lock_id), secret->epoch);
    if (!codec.ok()) return codec.status();
    // The digits are not stored: they are made again from the PIN's payload.
    auto code = codec->Encode({row->start, *row->length_index, static_cast<uint32_t>(*row->nonce)});
    if (!code.ok()) return code.status();
    v1::RemotePinShared event;
    event.set_organisation_id(row->organisation_id);
    event.set_access_id(row->id);
    event.set_lock_id(row->lock_id);
    event.set_name(row->name);
    event.set_pin(*code);
    for (const auto& e : emails) event.add_emails(e);
    event.set_mobile(*mobile);
    *event.mutable_start_time() = ToTimestamp(row->start);
    if (row->end) *event.mutable_end_time() = ToTimestamp(*row->end);
    event.set_shared_by_user_id(caller.principal.user_id);
    events::PublishMessage(tx, config_.events_stream, row->organisation_id, event);
    Audit(tx, caller, "access.remote_pin_shared", "access", row->id,
          {{"emails", emails.size()}, {"sms", !mobile->empty()}});
    v1::ShareRemotePinResponse resp;
    resp.set_message_count(static_cast<int>(emails.size()) + (mobile->empty() ? 0 : 1));
    return resp;
  });
}

absl::StatusOr<v1::Access> Access::GetAccess(const Caller& caller, const v1::GetAccessRequest& req) {
  if (auto s = core::ValidateUuid(req.access_id(), "access_id"); !s.ok()) return s;
  auto row = pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<store::AccessRow> {
    auto a = store::FindAccess(tx, caller.principal.organisation_id, req.access_id());
    if (!a) return AccessNotFound(req.access_id());
    return *a;
  });
  if (!row.ok()) return row.status();
  if (auto s = scopes_.Require(caller.bearer_token, {row->lock_id}); !s.ok()) return s;
  return ToProto(*row);
}

absl::StatusOr<v1::ListAccessesResponse> Access::ListAccesses(const Caller& caller,
                                                              const v1::ListAccessesRequest& req) {
  store::ListFilter filter;
  if (!req.lock_id().empty()) {
    if (auto s = core::ValidateUuid(req.lock_id(), "lock_id"); !s.ok()) return s;
    filter.lock_id = req.lock_id();
  }
  if (!v1::AccessType_IsValid(req.type()) || !v1::AccessStatus_IsValid(req.status())) {
    return absl::InvalidArgumentError("type or status is not one this API knows");
  }
  static const char* const kTypes[] = {"", "remote_pin", "custom_pin", "bluetooth_key", "two_factor"};
  static const char* const kStatuses[] = {"", "pending", "active", "deleted"};
  filter.type = kTypes[req.type()];
  filter.status = kStatuses[req.status()];
  auto size = core::PageSize(req.page_size());
  if (!size.ok()) return size.status();
  const std::string query = absl::StrCat("accesses|", filter.lock_id, "|", filter.type, "|", filter.status);
  if (!req.page_token().empty()) {
    auto position = core::DecodePageToken(req.page_token(), query);
    if (!position.ok()) return position.status();
    int64_t micros = 0;
    if (position->size() != 2 || !absl::SimpleAtoi((*position)[0], &micros)) {
      return absl::InvalidArgumentError("page_token is not valid");
    }
    filter.after = std::make_pair(absl::FromUnixMicros(micros), (*position)[1]);
  }
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
    auto allowed = scopes_.Allowed(caller.bearer_token, locks);
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
    resp.set_next_page_token(core::EncodePageToken(
        {std::to_string(absl::ToUnixMicros(filter.after->first)), filter.after->second}, query));
  }
  return resp;
}

absl::StatusOr<v1::GetLockPinFactsResponse> Access::GetLockPinFacts(
    const Caller& caller, const v1::GetLockPinFactsRequest& req) {
  std::vector<std::string> locks(req.lock_ids().begin(), req.lock_ids().end());
  if (locks.size() > 10'000) return absl::InvalidArgumentError("at most 10,000 lock_ids at once");
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

absl::StatusOr<v1::Access> Access::DeleteAccess(const Caller& caller,
                                                const v1::DeleteAccessRequest& req) {
  if (auto s = core::ValidateUuid(req.access_id(), "access_id"); !s.ok()) return s;
  auto row = pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<store::AccessRow> {
    auto a = store::FindAccess(tx, caller.principal.organisation_id, req.access_id());
    if (!a) return AccessNotFound(req.access_id());
    return *a;
  });
  if (!row.ok()) return row.status();
  if (auto s = scopes_.Require(caller.bearer_token, {row->lock_id}); !s.ok()) return s;
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::Access> {
    auto a = store::FindAccess(tx, caller.principal.organisation_id, req.access_id(), true);
    if (!a) return AccessNotFound(req.access_id());
    if (a->status == "deleted") return ToProto(*a);  // already done
    const absl::Time now = clock_.Now();
    store::MarkDeleted(tx, a->id, now);
    a->status = "deleted";
    if (a->type == "remote_pin") {
      // A13: the lock must refuse it from now on: a revoke job carries it there.
      v1::RemotePinRevoked event;
      event.set_organisation_id(a->organisation_id);
      event.set_lock_id(a->lock_id);
      event.set_access_id(a->id);
      *event.mutable_start_time() = ToTimestamp(a->start);
      event.set_length_index(*a->length_index);
      event.set_nonce(*a->nonce);
      events::PublishMessage(tx, config_.events_stream, a->organisation_id, event);
    }
    Audit(tx, caller, "access.deleted", "access", a->id, {{"type", a->type}});
    return ToProto(*a);
  });
}

}  // namespace keyway::access
