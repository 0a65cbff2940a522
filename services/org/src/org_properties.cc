// P1-P6: properties, their places and time zones, and the map.
#include <set>

#include "absl/strings/str_cat.h"
#include "gazetteer.h"
#include "keyway/core/paging.h"
#include "keyway/core/random.h"
#include "keyway/core/text.h"
#include "keyway/idempotency/idempotency.h"
#include "keyway/pg/transaction.h"
#include "org.h"
#include "org_internal.h"
#include "org_proto.h"

namespace keyway::org {
namespace {

using auth::Role;

// P1: the zone of a location, from the nearest gazetteer place.
std::string ZoneAt(double latitude, double longitude) {
  return Gazetteer::Instance().Nearest(latitude, longitude).time_zone;
}

std::optional<std::set<std::string>> DepartmentFilterOf(const ScopeSubject& scope) {
  if (SeesWholeOrganisation(scope)) return std::nullopt;
  return scope.departments;  // a Lock User has none: sees no property (O5)
}

}  // namespace

absl::StatusOr<v1::SearchPlacesResponse> Org::SearchPlaces(const v1::SearchPlacesRequest& req) {
  auto query = core::NormalizeText(req.query(), "query", 100);
  if (!query.ok()) return query.status();
  auto size = core::PageSize(req.page_size());
  if (!size.ok()) return size.status();
  v1::SearchPlacesResponse resp;
  for (const auto& p : Gazetteer::Instance().Search(*query, std::min(*size, 50))) {
    auto* out = resp.add_places();
    out->set_id(p.id);
    out->set_name(p.name);
    out->set_state(p.state);
    out->set_country(p.country);
    out->set_latitude(p.latitude);
    out->set_longitude(p.longitude);
    out->set_time_zone(p.time_zone);
  }
  return resp;
}

absl::StatusOr<v1::Property> Org::CreateProperty(const Caller& caller,
                                                 const v1::CreatePropertyRequest& req) {
  if (auto s = auth::RequireRole(caller.principal, {Role::kOwner, Role::kAdmin},
                                 "create properties");
      !s.ok()) {
    return s;
  }
  auto name = core::NormalizeText(req.name(), "name", 200);
  if (!name.ok()) return name.status();
  auto address = core::NormalizeText(req.address(), "address", 500);
  if (!address.ok()) return address.status();
  if (auto s = ValidateCoordinates(req.latitude(), req.longitude()); !s.ok()) return s;
  std::string zone = ZoneAt(req.latitude(), req.longitude());
  if (!req.time_zone().empty()) {
    if (auto s = ValidateTimeZone(req.time_zone()); !s.ok()) return s;
    if (req.time_zone() != zone) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the location is in time zone ", zone, ", not ", req.time_zone(),
          " (P1: a property's zone comes from its location)"));
    }
  }
  if (auto s = idempotency::ValidateKey(req.request_id()); !s.ok()) return s;
  const std::string& org_id = caller.principal.organisation_id;
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::Property> {
    return idempotency::Run<v1::Property>(
        tx, absl::StrCat("CreateProperty/", org_id, "/", caller.principal.user_id),
        req.request_id(), req, [&](pqxx::work& tx) -> absl::StatusOr<v1::Property> {
          if (!store::FindOrganisation(tx, org_id)) return internal::NotFound("organisation", org_id);
          const absl::Time now = clock_.Now();
          store::PropertyRow p;
          p.id = core::NewUuid();
          p.organisation_id = org_id;
          p.name = *name;
          p.address = *address;
          p.latitude = req.latitude();
          p.longitude = req.longitude();
          p.time_zone = zone;
          p.created_at = p.updated_at = now;
          store::InsertProperty(tx, p);
          internal::Audit(tx, caller, "property.created", "property", p.id,
                          {{"name", p.name}, {"time_zone", zone}});
          return ToProto(*store::FindProperty(tx, org_id, p.id));
        });
  });
}

absl::StatusOr<v1::Property> Org::GetProperty(const Caller& caller,
                                              const v1::GetPropertyRequest& req) {
  if (auto s = core::ValidateUuid(req.property_id(), "property_id"); !s.ok()) return s;
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::Property> {
    auto subject = SubjectOf(tx, caller);
    if (!subject.ok()) return subject.status();
    auto p = store::FindProperty(tx, subject->first.id, req.property_id());
    if (!p) return internal::NotFound("property", req.property_id());
    if (auto s = CheckScope(subject->second, p->department_ids, "property " + p->id); !s.ok()) {
      return s;
    }
    return ToProto(*p);
  });
}

absl::StatusOr<v1::ListPropertiesResponse> Org::ListProperties(
    const Caller& caller, const v1::ListPropertiesRequest& req) {
  auto size = core::PageSize(req.page_size());
  if (!size.ok()) return size.status();
  auto after = internal::DecodeAfter(req.page_token(), "properties");
  if (!after.ok()) return after.status();
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListPropertiesResponse> {
    auto subject = SubjectOf(tx, caller);
    if (!subject.ok()) return subject.status();
    auto rows = store::ListProperties(tx, subject->first.id, DepartmentFilterOf(subject->second),
                                      *after, *size + 1);
    v1::ListPropertiesResponse resp;
    for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
      *resp.add_properties() = ToProto(rows[i]);
    }
    if (static_cast<int>(rows.size()) > *size) {
      const auto& last = rows[*size - 1];
      resp.set_next_page_token(core::EncodePageToken({last.sort_name, last.id}, "properties"));
    }
    return resp;
  });
}

absl::StatusOr<v1::Property> Org::UpdateProperty(const Caller& caller,
                                                 const v1::UpdatePropertyRequest& req) {
  const v1::Property& in = req.property();
  if (auto s = core::ValidateUuid(in.id(), "property.id"); !s.ok()) return s;
  if (req.update_mask().paths_size() == 0) {
    return absl::InvalidArgumentError("update_mask must list the fields to change: name, address, location");
  }
  std::set<std::string> paths;
  for (const auto& p : req.update_mask().paths()) {
    if (p != "name" && p != "address" && p != "location") {
      return absl::InvalidArgumentError(absl::StrCat(
          "update_mask path '", p, "' cannot be changed: use name, address or location"));
    }
    paths.insert(p);
  }
  std::string name, address;
  if (paths.count("name")) {
    auto n = core::NormalizeText(in.name(), "property.name", 200);
    if (!n.ok()) return n.status();
    name = *n;
  }
  if (paths.count("address")) {
    auto a = core::NormalizeText(in.address(), "property.address", 500);
    if (!a.ok()) return a.status();
    address = *a;
  }
  if (paths.count("location")) {
    if (auto s = ValidateCoordinates(in.latitude(), in.longitude()); !s.ok()) return s;
  }
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::Property> {
    auto subject = SubjectOf(tx, caller);
    if (!subject.ok()) return subject.status();
    auto p = store::FindProperty(tx, subject->first.id, in.id(), /*lock=*/true);
    if (!p) return internal::NotFound("property", in.id());
    if (auto s = CheckScope(subject->second, p->department_ids, "property " + p->id); !s.ok()) {
      return s;
    }
    if (subject->second.role == Role::kLockUser) {
      return absl::PermissionDeniedError("a Lock User cannot edit properties (O5)");
    }
    nlohmann::json details = {{"changed", std::vector<std::string>(paths.begin(), paths.end())}};
    if (paths.count("location")) {
      std::string zone = ZoneAt(in.latitude(), in.longitude());
      if (zone != p->time_zone) {
        return absl::FailedPreconditionError(absl::StrCat(
            "the new location is in time zone ", zone, " but property \"", p->name, "\" is in ",
            p->time_zone, ": a property cannot move to another time zone (P3)"));
      }
      p->latitude = in.latitude();
      p->longitude = in.longitude();
    }
    if (paths.count("name")) p->name = name;
    if (paths.count("address")) p->address = address;
    p->updated_at = clock_.Now();
    store::UpdateProperty(tx, *p);
    internal::Audit(tx, caller, "property.updated", "property", p->id, details);
    return ToProto(*store::FindProperty(tx, p->organisation_id, p->id));
  });
}

absl::Status Org::DeleteProperty(const Caller& caller, const v1::DeletePropertyRequest& req) {
  if (auto s = core::ValidateUuid(req.property_id(), "property_id"); !s.ok()) return s;
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::Status {
    auto subject = SubjectOf(tx, caller);
    if (!subject.ok()) return subject.status();
    auto p = store::FindProperty(tx, subject->first.id, req.property_id(), /*lock=*/true);
    if (!p) return internal::NotFound("property", req.property_id());
    if (auto s = CheckScope(subject->second, p->department_ids, "property " + p->id); !s.ok()) {
      return s;
    }
    if (subject->second.role == Role::kLockUser) {
      return absl::PermissionDeniedError("a Lock User cannot delete properties (O5)");
    }
    if (p->lock_count > 0) {
      return absl::FailedPreconditionError(absl::StrCat(
          "property \"", p->name, "\" still has ", p->lock_count, " lock",
          p->lock_count == 1 ? "" : "s", ": only an empty property can be deleted (P5)"));
    }
    store::DeleteProperty(tx, p->id);
    internal::Audit(tx, caller, "property.deleted", "property", p->id, {{"name", p->name}});
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::ListMapLocationsResponse> Org::ListMapLocations(
    const Caller& caller, const v1::ListMapLocationsRequest& req) {
  std::optional<store::Box> box;
  if (req.has_bounds()) {
    const auto& b = req.bounds();
    if (auto s = ValidateCoordinates(b.south(), b.west()); !s.ok()) return s;
    if (auto s = ValidateCoordinates(b.north(), b.east()); !s.ok()) return s;
    if (b.south() > b.north()) {
      return absl::InvalidArgumentError("bounds.south must not be north of bounds.north");
    }
    box = store::Box{b.south(), b.west(), b.north(), b.east()};
  }
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListMapLocationsResponse> {
    auto subject = SubjectOf(tx, caller);
    if (!subject.ok()) return subject.status();
    v1::ListMapLocationsResponse resp;
    for (const auto& p : store::PropertiesInBox(tx, subject->first.id,
                                                DepartmentFilterOf(subject->second), box)) {
      auto* loc = resp.add_locations();
      loc->set_property_id(p.id);
      loc->set_name(p.name);
      loc->set_latitude(p.latitude);
      loc->set_longitude(p.longitude);
      loc->set_lock_count(p.lock_count);
    }
    return resp;
  });
}

}  // namespace keyway::org
