#include "device_messages.h"

#include "absl/strings/str_cat.h"
#include "keyway/core/text.h"
#include "keyway/jobs/v1/jobs_service.pb.h"

namespace keyway::gateway {
namespace {

namespace jv1 = keyway::jobs::v1;

// A timestamp a device sent: nullopt when it is not a valid instant.
std::optional<absl::Time> DeviceTime(const google::protobuf::Timestamp& t) {
  constexpr int64_t kMaxSeconds = 253'402'300'799;  // 9999-12-31, as protobuf allows
  if (t.seconds() < 0 || t.seconds() > kMaxSeconds || t.nanos() < 0 || t.nanos() > 999'999'999) {
    return std::nullopt;
  }
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

absl::StatusOr<std::string> OptionalText(const std::string& value, const std::string& field,
                                         size_t max_bytes) {
  if (value.empty()) return std::string();
  return core::NormalizeText(value, field, max_bytes);
}

}  // namespace

absl::StatusOr<LockReading> ReadLockReport(const v1::LockReport& report, absl::Time now) {
  if (report.activity_size() > kMaxActivityLines) {
    return absl::InvalidArgumentError(absl::StrCat(
        "at most ", kMaxActivityLines, " activity lines per upload: upload the rest next"));
  }
  LockReading reading;
  if (report.has_battery_percent()) {
    if (report.battery_percent() < 0 || report.battery_percent() > 100) {
      return absl::InvalidArgumentError("battery_percent is 0 to 100");
    }
    reading.battery_percent = report.battery_percent();
  }
  if (report.has_signal_strength_dbm()) {
    if (report.signal_strength_dbm() < -150 || report.signal_strength_dbm() > 0) {
      return absl::InvalidArgumentError("signal_strength_dbm is -150 to 0");
    }
    reading.signal_strength_dbm = report.signal_strength_dbm();
  }
  auto carrier = OptionalText(report.carrier(), "carrier", 64);
  if (!carrier.ok()) return carrier.status();
  auto channel = OptionalText(report.radio_channel(), "radio_channel", 64);
  if (!channel.ok()) return channel.status();
  reading.carrier = std::move(*carrier);
  reading.radio_channel = std::move(*channel);
  const absl::Time earliest = absl::FromCivil(absl::CivilDay(2020, 1, 1), absl::UTCTimeZone());
  for (const auto& e : report.activity()) {
    // A lock whose clock was never set says 1970: such lines are refused
    // rather than filed under a month nobody reads.
    auto at = DeviceTime(e.time());
    if (!at || *at < earliest || *at > now + absl::Hours(24)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "an activity line is dated ", at ? absl::FormatTime(*at) : "at no valid time",
          ": set the lock's clock (sync it) before uploading its log"));
    }
    auto event = core::NormalizeText(e.event(), "activity.event", 64);
    if (!event.ok()) return event.status();
    auto detail = OptionalText(e.detail(), "activity.detail", 200);
    if (!detail.ok()) return detail.status();
    reading.lines.push_back({*at, std::move(*event), std::move(*detail)});
  }
  return reading;
}

v1::DeviceJob DeviceJobOf(const jv1::ClaimedJob& claimed) {
  v1::DeviceJob job;
  job.set_job_id(claimed.job().id());
  job.set_kind(claimed.job().kind());
  job.set_request(claimed.request());
  job.set_sealed(claimed.sealed());
  if (claimed.has_not_after()) *job.mutable_not_after() = claimed.not_after();
  return job;
}

absl::Status ValidateJobResults(const google::protobuf::RepeatedPtrField<v1::JobResult>& results) {
  if (results.size() > kMaxJobResults) {
    return absl::InvalidArgumentError(absl::StrCat("at most ", kMaxJobResults, " results at once"));
  }
  for (const auto& r : results) {
    if (auto s = core::ValidateUuid(r.job_id(), "results.job_id"); !s.ok()) return s;
    if (r.outcome() != jv1::JOB_OUTCOME_COMPLETED && r.outcome() != jv1::JOB_OUTCOME_FAILED &&
        r.outcome() != jv1::JOB_OUTCOME_NOT_REACHED) {
      return absl::InvalidArgumentError(
          absl::StrCat("results.outcome of job ", r.job_id(), " is not one this API knows"));
    }
    if (r.outcome() == jv1::JOB_OUTCOME_FAILED && r.reason().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("results.reason is required for failed job ", r.job_id()));
    }
    if (auto s = OptionalText(r.reason(), "results.reason", 500); !s.ok()) return s.status();
    if (r.signature().size() > kMaxResultSignatureBytes) {
      return absl::InvalidArgumentError(absl::StrCat(
          "results.signature of job ", r.job_id(), " is longer than a lock's signature (",
          kMaxResultSignatureBytes, " bytes)"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<LockReading> ReadHeartbeat(const v1::HeartbeatRequest& req, absl::Time now) {
  if (req.kind() != v1::TRANSMISSION_KIND_HEARTBEAT &&
      req.kind() != v1::TRANSMISSION_KIND_ACTIVITY_LOG) {
    return absl::InvalidArgumentError(
        "kind must be TRANSMISSION_KIND_HEARTBEAT or TRANSMISSION_KIND_ACTIVITY_LOG");
  }
  if (req.device_credential().empty() || req.device_credential().size() > kMaxDeviceCredentialBytes) {
    return absl::InvalidArgumentError(
        "device_credential is required: the credential org issued to this lock");
  }
  const bool heartbeat = req.kind() == v1::TRANSMISSION_KIND_HEARTBEAT;
  if (!heartbeat && (req.has_battery_percent() || req.has_signal_strength_dbm() ||
                     !req.carrier().empty() || !req.radio_channel().empty() ||
                     req.results_size() > 0)) {
    return absl::InvalidArgumentError(
        "an activity-log transmission carries the log only (L4): battery, radio and job results "
        "go with the heartbeat");
  }
  if (auto s = ValidateJobResults(req.results()); !s.ok()) return s;
  v1::LockReport report;
  if (req.has_battery_percent()) report.set_battery_percent(req.battery_percent());
  if (req.has_signal_strength_dbm()) report.set_signal_strength_dbm(req.signal_strength_dbm());
  report.set_carrier(req.carrier());
  report.set_radio_channel(req.radio_channel());
  *report.mutable_activity() = req.activity();
  return ReadLockReport(report, now);
}

absl::Status ValidateBridgeMessage(const v1::BridgeSessionRequest& message, absl::Time now) {
  switch (message.message_case()) {
    case v1::BridgeSessionRequest::kHello: {
      const auto& credential = message.hello().bridge_credential();
      if (credential.empty() || credential.size() > kMaxDeviceCredentialBytes) {
        return absl::InvalidArgumentError(
            "hello.bridge_credential is required: the credential org gave the Bridge");
      }
      return absl::OkStatus();
    }
    case v1::BridgeSessionRequest::kResult: {
      const auto& result = message.result();
      if (auto s = core::ValidateUuid(result.lock_id(), "result.lock_id"); !s.ok()) return s;
      google::protobuf::RepeatedPtrField<v1::JobResult> one;
      *one.Add() = result.result();
      return ValidateJobResults(one);
    }
    case v1::BridgeSessionRequest::kReport: {
      if (auto s = core::ValidateUuid(message.report().lock_id(), "report.lock_id"); !s.ok()) return s;
      return ReadLockReport(message.report(), now).status();
    }
    case v1::BridgeSessionRequest::kPing:
      return absl::OkStatus();
    case v1::BridgeSessionRequest::MESSAGE_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError("a Bridge message is a hello, a result, a report or a ping");
}

}  // namespace keyway::gateway
