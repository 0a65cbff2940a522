#include "access_internal.h"

#include "absl/strings/str_cat.h"
#include "keyway/audit/trail.h"
#include "keyway/rpc/proto_time.h"

namespace keyway::access::internal {
namespace {

v1::PinKind KindOf(const std::string& name) {
  if (name == "one_time") return v1::PIN_KIND_ONE_TIME;
  if (name == "duration") return v1::PIN_KIND_DURATION;
  if (name == "permanent") return v1::PIN_KIND_PERMANENT;
  return v1::PIN_KIND_UNSPECIFIED;
}

v1::AccessType TypeOf(const std::string& name) {
  if (name == "remote_pin") return v1::ACCESS_TYPE_REMOTE_PIN;
  if (name == "custom_pin") return v1::ACCESS_TYPE_CUSTOM_PIN;
  if (name == "bluetooth_key") return v1::ACCESS_TYPE_BLUETOOTH_KEY;
  return v1::ACCESS_TYPE_TWO_FACTOR;
}

v1::AccessStatus StatusOf(const std::string& name) {
  if (name == "pending") return v1::ACCESS_STATUS_PENDING;
  if (name == "active") return v1::ACCESS_STATUS_ACTIVE;
  if (name == "deleting") return v1::ACCESS_STATUS_DELETING;
  return v1::ACCESS_STATUS_DELETED;
}

}  // namespace

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
  out.set_type(TypeOf(a.type));
  out.set_status(StatusOf(a.status));
  out.set_pin_kind(KindOf(a.pin_kind));
  out.set_name(a.name);
  *out.mutable_start_time() = rpc::ToTimestamp(a.start);
  if (a.end) *out.mutable_end_time() = rpc::ToTimestamp(*a.end);
  out.set_created_by_user_id(a.created_by);
  *out.mutable_create_time() = rpc::ToTimestamp(a.created_at);
  out.set_user_id(a.user_id);
  if (a.type == "bluetooth_key") *out.mutable_permissions() = PermissionsOf(a.permissions);
  out.set_channel(a.channel == "bluetooth" ? v1::PIN_CHANNEL_BLUETOOTH
                  : a.channel == "bridge"  ? v1::PIN_CHANNEL_BRIDGE
                                           : v1::PIN_CHANNEL_UNSPECIFIED);
  out.set_status_reason(a.status_reason);
  if (a.paused) {
    out.set_paused(true);
    out.set_status_reason(
        "paused: the holder's mobile number changed and is not verified yet (U4)");
  }
  return out;
}

void Audit(pqxx::work& tx, const rpc::Caller& caller, const std::string& action,
           const std::string& target_type, const std::string& target_id,
           const nlohmann::json& details) {
  audit::RecordCall(tx, caller.principal, caller.peer, action, target_type, target_id,
                    details.dump());
}

v1::LockJobRequested LockJobFor(const store::AccessRow& access, const std::string& job_id) {
  v1::LockJobRequested job;
  job.set_job_id(job_id);
  job.set_organisation_id(access.organisation_id);
  job.set_lock_id(access.lock_id);
  job.set_access_id(access.id);
  return job;
}

void AuditBySystem(pqxx::work& tx, const std::string& organisation_id, const std::string& action,
                   const std::string& target_id, const nlohmann::json& details,
                   const std::string& target_type) {
  audit::Record(tx, {.organisation_id = organisation_id,
                     .actor_user_id = "system",
                     .action = action,
                     .target_type = target_type,
                     .target_id = target_id,
                     .details_json = details.dump(),
                     .peer = ""});
}

absl::Status SecretStillBeingMade() {
  return absl::UnavailableError(
      "the lock's secret is still being made after pairing: try again in a moment");
}

absl::Status AccessNotFound(const std::string& id) {
  return absl::NotFoundError(absl::StrCat("access ", id, " not found"));
}

std::string FormatWhen(absl::Time t) {
  if (t == absl::InfiniteFuture()) return "no end";
  return absl::FormatTime("%Y-%m-%d %H:%M UTC", t, absl::UTCTimeZone());
}

absl::Status RequireInside(const store::AccessRow& key, absl::Time start, absl::Time end) {
  const absl::Time key_end = key.end.value_or(absl::InfiniteFuture());
  if (start >= key.start && end <= key_end) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "this PIN would work from ", FormatWhen(start), " to ", FormatWhen(end),
      ", outside your own access to this lock (", FormatWhen(key.start), " to ",
      FormatWhen(key_end), "): a resident's PINs must fall inside it (A14)"));
}

std::vector<std::string> PermissionNames(const v1::KeyPermissions& p) {
  std::vector<std::string> out;
  if (p.unlock()) out.push_back("unlock");
  if (p.sync()) out.push_back("sync");
  if (p.firmware_update()) out.push_back("firmware_update");
  if (p.residential()) out.push_back("residential");
  return out;
}

v1::KeyPermissions PermissionsOf(const std::vector<std::string>& names) {
  v1::KeyPermissions p;
  for (const auto& n : names) {
    if (n == "unlock") p.set_unlock(true);
    if (n == "sync") p.set_sync(true);
    if (n == "firmware_update") p.set_firmware_update(true);
    if (n == "residential") p.set_residential(true);
  }
  return p;
}

}  // namespace keyway::access::internal
