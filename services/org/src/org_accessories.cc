// L7: Bridges, Keypads and Keyfobs, linked to locks. An accessory is in the
// caller's scope when one of its locks is.
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "keyway/core/paging.h"
#include "keyway/core/hash.h"
#include "keyway/core/random.h"
#include "keyway/core/text.h"
#include "keyway/idempotency/idempotency.h"
#include "keyway/pg/transaction.h"
#include "device_credentials.h"
#include "org.h"
#include "org_internal.h"
#include "org_proto.h"

namespace keyway::org {
namespace {

using auth::Role;

std::optional<std::string> KindName(v1::AccessoryKind kind) {
  switch (kind) {
    case v1::ACCESSORY_KIND_BRIDGE: return "bridge";
    case v1::ACCESSORY_KIND_KEYPAD: return "keypad";
    case v1::ACCESSORY_KIND_KEYFOB: return "keyfob";
    default: return std::nullopt;
  }
}

std::vector<std::string> Ids(const google::protobuf::RepeatedPtrField<std::string>& ids) {
  return {ids.begin(), ids.end()};
}

// The locks exist in the organisation and each is in the caller's scope.
absl::Status CheckLocks(pqxx::work& tx, const std::string& org, const ScopeSubject& scope,
                        const std::vector<std::string>& lock_ids) {
  auto found = store::FindLocks(tx, org, lock_ids);
  std::set<std::string> have;
  for (const auto& l : found) {
    have.insert(l.id);
    if (auto s = CheckScope(scope, l.department_ids, "lock " + l.id); !s.ok()) return s;
  }
  for (const auto& id : lock_ids) {
    if (!have.count(id)) return internal::NotFound("lock", id);
  }
  return absl::OkStatus();
}

// Owners and Admins see every accessory; others those linked to a lock in
// their scope.
absl::Status CheckAccessoryScope(const ScopeSubject& scope, const store::AccessoryRow& a) {
  if (scope.role == Role::kLockUser) {
    return absl::PermissionDeniedError("a Lock User does not manage accessories (O5)");
  }
  return CheckScope(scope, a.department_ids, "accessory " + a.id);
}

}  // namespace

namespace {
void ForgetBridgeCredential(v1::CreateAccessoryResponse& r) { r.clear_bridge_credential(); }
}  // namespace

absl::StatusOr<v1::CreateAccessoryResponse> Org::CreateAccessory(
    const Caller& caller, const v1::CreateAccessoryRequest& req) {
  auto kind = KindName(req.kind());
  if (!kind) {
    return absl::InvalidArgumentError(
        "kind must be ACCESSORY_KIND_BRIDGE, ACCESSORY_KIND_KEYPAD or ACCESSORY_KIND_KEYFOB");
  }
  auto serial = core::NormalizeText(req.serial_number(), "serial_number", 64);
  if (!serial.ok()) return serial.status();
  auto name = core::NormalizeText(req.name(), "name", 100);
  if (!name.ok()) return name.status();
  std::vector<std::string> locks = Ids(req.lock_ids());
  if (auto s = internal::ValidateIds(locks, "lock_ids"); !s.ok()) return s;
  if (auto s = idempotency::ValidateKey(req.request_id()); !s.ok()) return s;
  const std::string& org_id = caller.principal.organisation_id;
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::CreateAccessoryResponse> {
    return idempotency::Run<v1::CreateAccessoryResponse>(
        tx, absl::StrCat("CreateAccessory/", org_id, "/", caller.principal.user_id),
        req.request_id(), req, [&](pqxx::work& tx) -> absl::StatusOr<v1::CreateAccessoryResponse> {
          auto subject = SubjectOf(tx, caller);
          if (!subject.ok()) return subject.status();
          const ScopeSubject& scope = subject->second;
          if (scope.role == Role::kLockUser) {
            return absl::PermissionDeniedError("a Lock User does not manage accessories (O5)");
          }
          if (locks.empty() && !SeesWholeOrganisation(scope)) {
            return absl::PermissionDeniedError(
                "a Manager links accessories to locks of their departments: name at least one (O4)");
          }
          if (auto s = CheckLocks(tx, org_id, scope, locks); !s.ok()) return s;
          if (store::AccessorySerialTaken(tx, *kind, *serial)) {
            return absl::AlreadyExistsError(absl::StrCat(
                "a ", *kind, " with serial number ", *serial, " is already registered"));
          }
          const absl::Time now = clock_.Now();
          store::AccessoryRow a;
          a.id = core::NewUuid();
          a.organisation_id = org_id;
          a.kind = *kind;
          a.serial_number = *serial;
          a.name = *name;
          a.created_at = a.updated_at = now;
          a.lock_ids = locks;
          v1::CreateAccessoryResponse resp;
          if (a.kind == "bridge") {
            auto issued = IssueDeviceCredential(a.id);  // L7
            a.credential_hash = issued.hash;
            resp.set_bridge_credential(issued.text);
          }
          store::InsertAccessory(tx, a);
          internal::Audit(tx, caller, "accessory.created", "accessory", a.id,
                          {{"kind", a.kind}, {"serial_number", a.serial_number},
                           {"lock_ids", locks}});
          *resp.mutable_accessory() = ToProto(*store::FindAccessory(tx, org_id, a.id));
          return resp;
        },
        &ForgetBridgeCredential);  // K4: a replay does not show it again
  });
}

absl::StatusOr<v1::AuthenticateBridgeResponse> Org::AuthenticateBridge(
    const v1::AuthenticateBridgeRequest& req) {
  const auto refused = absl::UnauthenticatedError("not a Bridge credential Keyway issued");
  auto id = CredentialDeviceId(req.bridge_credential());
  if (!id) return refused;
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::AuthenticateBridgeResponse> {
    auto bridge = store::FindBridgeForAuthentication(tx, *id);
    if (!bridge || !CredentialMatches(req.bridge_credential(), bridge->credential_hash)) {
      return refused;
    }
    v1::AuthenticateBridgeResponse resp;
    resp.set_bridge_id(bridge->id);
    resp.set_organisation_id(bridge->organisation_id);
    for (const auto& l : bridge->lock_ids) resp.add_lock_ids(l);
    return resp;
  });
}

absl::StatusOr<v1::Accessory> Org::GetAccessory(const Caller& caller,
                                                const v1::GetAccessoryRequest& req) {
  if (auto s = core::ValidateUuid(req.accessory_id(), "accessory_id"); !s.ok()) return s;
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::Accessory> {
    auto subject = SubjectOf(tx, caller);
    if (!subject.ok()) return subject.status();
    auto a = store::FindAccessory(tx, subject->first.id, req.accessory_id());
    if (!a) return internal::NotFound("accessory", req.accessory_id());
    if (auto s = CheckAccessoryScope(subject->second, *a); !s.ok()) return s;
    return ToProto(*a);
  });
}

absl::StatusOr<v1::ListAccessoriesResponse> Org::ListAccessories(
    const Caller& caller, const v1::ListAccessoriesRequest& req) {
  std::string kind;
  if (req.kind() != v1::ACCESSORY_KIND_UNSPECIFIED) {
    auto name = KindName(req.kind());
    if (!name) return absl::InvalidArgumentError("kind is not an accessory kind");
    kind = *name;
  }
  auto size = core::PageSize(req.page_size());
  if (!size.ok()) return size.status();
  const std::string query = "accessories|" + kind;
  auto after = internal::DecodeAfter(req.page_token(), query);
  if (!after.ok()) return after.status();
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListAccessoriesResponse> {
    auto subject = SubjectOf(tx, caller);
    if (!subject.ok()) return subject.status();
    std::optional<std::set<std::string>> departments;
    if (!SeesWholeOrganisation(subject->second)) departments = subject->second.departments;
    auto rows = store::ListAccessories(tx, subject->first.id, departments, kind, *after, *size + 1);
    v1::ListAccessoriesResponse resp;
    for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
      *resp.add_accessories() = ToProto(rows[i]);
    }
    if (static_cast<int>(rows.size()) > *size) {
      const auto& last = rows[*size - 1];
      resp.set_next_page_token(core::EncodePageToken({last.sort_name, last.id}, query));
    }
    return resp;
  });
}

absl::StatusOr<v1::Accessory> Org::UpdateAccessory(const Caller& caller,
                                                   const v1::UpdateAccessoryRequest& req) {
  const v1::Accessory& in = req.accessory();
  if (auto s = core::ValidateUuid(in.id(), "accessory.id"); !s.ok()) return s;
  if (req.update_mask().paths_size() == 0) {
    return absl::InvalidArgumentError("update_mask must list the fields to change: name, lock_ids");
  }
  std::set<std::string> paths;
  for (const auto& p : req.update_mask().paths()) {
    if (p != "name" && p != "lock_ids") {
      return absl::InvalidArgumentError(
          absl::StrCat("update_mask path '", p, "' cannot be changed: use name or lock_ids"));
    }
    paths.insert(p);
  }
  std::string name;
  if (paths.count("name")) {
    auto n = core::NormalizeText(in.name(), "accessory.name", 100);
    if (!n.ok()) return n.status();
    name = *n;
  }
  std::vector<std::string> locks = Ids(in.lock_ids());
  if (auto s = internal::ValidateIds(locks, "accessory.lock_ids"); !s.ok()) return s;
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::Accessory> {
    auto subject = SubjectOf(tx, caller);
    if (!subject.ok()) return subject.status();
    auto a = store::FindAccessory(tx, subject->first.id, in.id(), /*lock=*/true);
    if (!a) return internal::NotFound("accessory", in.id());
    if (auto s = CheckAccessoryScope(subject->second, *a); !s.ok()) return s;
    if (paths.count("lock_ids")) {
      if (auto s = CheckLocks(tx, a->organisation_id, subject->second, locks); !s.ok()) return s;
      // A Manager may not unlink locks outside their departments either.
      if (auto s = CheckLocks(tx, a->organisation_id, subject->second, a->lock_ids); !s.ok()) {
        return s;
      }
      a->lock_ids = locks;
    }
    if (paths.count("name")) a->name = name;
    a->updated_at = clock_.Now();
    store::UpdateAccessory(tx, *a);
    internal::Audit(tx, caller, "accessory.updated", "accessory", a->id,
                    {{"changed", std::vector<std::string>(paths.begin(), paths.end())}});
    return ToProto(*store::FindAccessory(tx, a->organisation_id, a->id));
  });
}

absl::Status Org::DeleteAccessory(const Caller& caller, const v1::DeleteAccessoryRequest& req) {
  if (auto s = core::ValidateUuid(req.accessory_id(), "accessory_id"); !s.ok()) return s;
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::Status {
    auto subject = SubjectOf(tx, caller);
    if (!subject.ok()) return subject.status();
    auto a = store::FindAccessory(tx, subject->first.id, req.accessory_id(), /*lock=*/true);
    if (!a) return internal::NotFound("accessory", req.accessory_id());
    if (auto s = CheckAccessoryScope(subject->second, *a); !s.ok()) return s;
    if (auto s = CheckLocks(tx, a->organisation_id, subject->second, a->lock_ids); !s.ok()) return s;
    store::DeleteAccessory(tx, a->id);
    internal::Audit(tx, caller, "accessory.deleted", "accessory", a->id,
                    {{"kind", a->kind}, {"serial_number", a->serial_number}});
    return absl::OkStatus();
  });
}

}  // namespace keyway::org
