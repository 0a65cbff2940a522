// O1, O2: organisations; the caller's scope; the audit trail.
#include <set>

#include "absl/strings/str_cat.h"
#include "keyway/audit/audit.h"
#include "keyway/audit/trail.h"
#include "keyway/core/paging.h"
#include "keyway/core/random.h"
#include "keyway/core/text.h"
#include "keyway/events/event.h"
#include "keyway/idempotency/idempotency.h"
#include "keyway/org/v1/org_events.pb.h"
#include "keyway/pg/transaction.h"
#include "org.h"
#include "org_internal.h"
#include "org_proto.h"

namespace keyway::org {

namespace internal {

void Audit(pqxx::work& tx, const Caller& caller, const std::string& action,
           const std::string& target_type, const std::string& target_id,
           const nlohmann::json& details) {
  audit::RecordCall(tx, caller.principal, caller.peer, action, target_type, target_id,
                    details.dump());
}

absl::Status ValidateIds(const std::vector<std::string>& ids, const std::string& field,
                         size_t max) {
  if (ids.size() > max) {
    return absl::InvalidArgumentError(absl::StrCat(field, " has more than ", max, " ids"));
  }
  std::set<std::string> seen;
  for (const auto& id : ids) {
    if (auto s = core::ValidateUuid(id, field); !s.ok()) return s;
    if (!seen.insert(id).second) {
      return absl::InvalidArgumentError(absl::StrCat(field, " lists ", id, " twice"));
    }
  }
  return absl::OkStatus();
}

absl::Status NotFound(const std::string& what, const std::string& id) {
  return absl::NotFoundError(absl::StrCat(what, " ", id, " not found"));
}

absl::Status RequireDepartmental(const store::OrganisationRow& org) {
  if (org.kind == "departmental") return absl::OkStatus();
  return absl::InvalidArgumentError(
      "this organisation is flat: it has no departments (O1). Departments exist only in "
      "departmental organisations");
}

absl::StatusOr<std::optional<store::After>> DecodeAfter(const std::string& token,
                                                        const std::string& query) {
  if (token.empty()) return std::optional<store::After>();
  auto position = core::DecodePageToken(token, query);
  if (!position.ok()) return position.status();
  if (position->size() != 2) return absl::InvalidArgumentError("page_token is not valid");
  return std::optional<store::After>(store::After{(*position)[0], (*position)[1]});
}

}  // namespace internal

Org::Org(pg::Pool& pool, Directory& directory, AccessFacts& access, const core::Clock& clock,
         OrgConfig config)
    : pool_(pool), directory_(directory), access_(access), clock_(clock), config_(std::move(config)) {}

absl::StatusOr<std::pair<store::OrganisationRow, ScopeSubject>> Org::SubjectOf(
    pqxx::work& tx, const Caller& caller) {
  auto org = store::FindOrganisation(tx, caller.principal.organisation_id);
  if (!org) return internal::NotFound("organisation", caller.principal.organisation_id);
  ScopeSubject subject;
  subject.role = caller.principal.role;
  subject.departmental = org->kind == "departmental";
  if (subject.role == auth::Role::kManager && subject.departmental) {
    subject.departments =
        store::DepartmentsOfUser(tx, org->id, caller.principal.user_id);
  }
  return std::make_pair(*org, subject);
}

namespace {
void ForgetToken(v1::CreateOrganisationResponse& r) { r.clear_owner_invitation_token(); }
}  // namespace

absl::StatusOr<v1::CreateOrganisationResponse> Org::CreateOrganisation(
    const v1::CreateOrganisationRequest& req, const std::string& peer) {
  auto name = core::NormalizeText(req.name(), "name", 200);
  if (!name.ok()) return name.status();
  if (req.kind() != v1::ORGANISATION_KIND_FLAT && req.kind() != v1::ORGANISATION_KIND_DEPARTMENTAL) {
    return absl::InvalidArgumentError(
        "kind must be ORGANISATION_KIND_FLAT or ORGANISATION_KIND_DEPARTMENTAL (O1)");
  }
  if (auto s = idempotency::ValidateKey(req.request_id()); !s.ok()) return s;
  // The Owner is made in identity first, outside any transaction (one that
  // retries would make a second Owner for a second id). With a request_id the
  // organisation's id derives from it, so a retry after any failure names the
  // same organisation and identity, idempotent on it, answers the same Owner.
  const std::string org_id = req.request_id().empty()
                                 ? core::NewUuid()
                                 : core::UuidFromName("organisation/" + req.request_id());
  // identity validates the Owner's details; its refusal is ours.
  auto owner = directory_.CreateOwner(org_id, req.owner_email(), req.owner_name(),
                                      req.owner_mobile());
  if (!owner.ok()) return owner.status();
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::CreateOrganisationResponse> {
    return idempotency::Run<v1::CreateOrganisationResponse>(
        tx, "CreateOrganisation", req.request_id(), req,
        [&](pqxx::work& tx) -> absl::StatusOr<v1::CreateOrganisationResponse> {
          store::OrganisationRow org{org_id, *name,
                                     req.kind() == v1::ORGANISATION_KIND_FLAT ? "flat" : "departmental",
                                     "", clock_.Now()};
          org.owner_user_id = owner->user_id;
          store::InsertOrganisation(tx, org);
          v1::OrganisationCreated event;
          event.set_organisation_id(org.id);
          event.set_kind(req.kind());
          events::PublishMessage(tx, config_.events_stream, org.id, event);
          audit::Record(tx, {.organisation_id = org.id,
                             .actor_user_id = "operator",
                             .action = "organisation.created",
                             .target_type = "organisation",
                             .target_id = org.id,
                             .details_json = nlohmann::json{{"kind", org.kind}}.dump(),
                             .peer = peer});
          v1::CreateOrganisationResponse resp;
          *resp.mutable_organisation() = ToProto(org);
          resp.set_owner_user_id(owner->user_id);
          resp.set_owner_invitation_token(owner->invitation_token);
          return resp;
        },
        &ForgetToken);
  });
}

absl::StatusOr<v1::Organisation> Org::GetOrganisation(const Caller& caller) {
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::Organisation> {
    auto org = store::FindOrganisation(tx, caller.principal.organisation_id);
    if (!org) return internal::NotFound("organisation", caller.principal.organisation_id);
    return ToProto(*org);
  });
}

absl::StatusOr<v1::ListAuditEventsResponse> Org::ListAuditEvents(
    const Caller& caller, const v1::ListAuditEventsRequest& req) {
  return audit::ReadTrail<v1::ListAuditEventsResponse>(pool_, caller.principal, req.page_size(),
                                                       req.page_token());
}

std::vector<std::string> Org::SharedLocks(pqxx::work& tx, const Caller& caller,
                                          const std::vector<std::string>& lock_ids) {
  std::vector<std::string> shared;
  for (const auto& lock : store::FindLocks(tx, caller.principal.organisation_id, lock_ids)) {
    if (lock.department_ids.size() > 1) shared.push_back(lock.id);
  }
  return shared;
}

absl::Status Org::RefuseCustomPinsOn(const Caller& caller, const std::vector<std::string>& shared) {
  if (shared.empty()) return absl::OkStatus();
  auto with_pins = access_.LocksWithCustomPins(caller.bearer_token, shared);
  if (!with_pins.ok()) return with_pins.status();
  if (with_pins->empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "lock ", with_pins->front(), " has a Custom PIN, so it cannot belong to a second department "
      "(D6): delete its Custom PINs first"));
}

}  // namespace keyway::org
