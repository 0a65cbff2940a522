#include "keyway/jobseal/sealed_job.h"

#include "keyway/core/hash.h"
#include "keyway/jobs/v1/lock_job.pb.h"

namespace keyway::jobseal {
namespace {

namespace jv1 = keyway::jobs::v1;

// Apart from the keys AlgoPIN, Custom PINs and Bluetooth keys use, though
// derived from the same secret.
std::string MacKey(const std::string& lock_secret) {
  return core::HmacSha256(lock_secret, "keyway lock jobs v1");
}

std::string Mac(const std::string& lock_secret, const std::string& body) {
  return core::HmacSha256(MacKey(lock_secret), body);
}

}  // namespace

std::string SealJob(const std::string& lock_secret, const LockJob& job) {
  jv1::LockJobBody body;
  body.set_job_id(job.job_id);
  body.set_lock_id(job.lock_id);
  body.set_kind(job.kind);
  body.set_counter(job.counter);
  body.set_request(job.request);
  if (job.not_after != absl::InfiniteFuture()) {
    body.mutable_not_after()->set_seconds(absl::ToUnixSeconds(job.not_after));
  }
  jv1::SealedLockJob sealed;
  sealed.set_body(body.SerializeAsString());
  sealed.set_mac(Mac(lock_secret, sealed.body()));
  return sealed.SerializeAsString();
}

absl::StatusOr<LockJob> OpenJob(const std::string& lock_secret, const std::string& lock_id,
                                const std::string& sealed) {
  jv1::SealedLockJob envelope;
  if (sealed.empty() || !envelope.ParseFromString(sealed)) {
    return absl::UnauthenticatedError("the job is not sealed: the lock applies only sealed jobs");
  }
  // The MAC first: nothing of a body that does not verify is read.
  if (!core::ConstantTimeEquals(envelope.mac(), Mac(lock_secret, envelope.body()))) {
    return absl::UnauthenticatedError(
        "the job's seal does not verify under this lock's secret: forged or altered");
  }
  jv1::LockJobBody body;
  if (!body.ParseFromString(envelope.body())) {
    return absl::UnauthenticatedError("the sealed job's body is unreadable");
  }
  if (body.lock_id() != lock_id) {
    return absl::UnauthenticatedError("the job is sealed for another lock");
  }
  if (body.counter() == 0 || body.job_id().empty()) {
    return absl::UnauthenticatedError("the sealed job has no counter or id");
  }
  LockJob job;
  job.job_id = body.job_id();
  job.lock_id = body.lock_id();
  job.kind = body.kind();
  job.counter = body.counter();
  job.request = body.request();
  if (body.has_not_after()) job.not_after = absl::FromUnixSeconds(body.not_after().seconds());
  return job;
}

}  // namespace keyway::jobseal
