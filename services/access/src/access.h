#pragma once
// The access service's logic, free of gRPC: per-lock secrets, Remote PINs
// (A2-A4), Custom PINs (A5-A7), Bluetooth keys and 2FA access (A8-A12),
// deletes (A13), residents (A14), the list (A15) and U5. Its methods live in
// access.cc (secrets, reading, deleting), access_remote_pins.cc,
// access_custom_pins.cc and access_keys.cc.

#include <string>

#include "absl/status/statusor.h"
#include "keyway/access/v1/access_events.pb.h"
#include "keyway/access/v1/access_service.pb.h"
#include "keyway/core/clock.h"
#include "keyway/core/encoding.h"
#include "keyway/events/event.h"
#include "keyway/jobseal/sealed_job.h"
#include "keyway/pg/pool.h"
#include "keyway/rpc/call.h"
#include "keyway/org_client/lock_scopes.h"
#include "access_store.h"
#include "user_directory.h"

namespace keyway::access {

using core::UuidBytes;  // the AlgoPIN tweak of a lock

using rpc::Caller;

struct AccessConfig {
  std::string events_stream = "keyway.access.events";
  std::string key_encryption_key;  // 32 bytes: seals the lock secrets
  // K4: the notify service's public key (32 bytes): shared PIN digits leave
  // access sealed for it.
  std::string notify_public_key;
  // S10: how often one Remote PIN's digits may be sent, per rolling hour.
  int pin_shares_per_hour = 5;
};

class Access {
 public:
  Access(pg::Pool& pool, org_client::LockScopes& scopes, UserDirectory& users, const core::Clock& clock,
         AccessConfig config);

  absl::StatusOr<v1::ProvisionLockResponse> ProvisionLock(const Caller& caller,
                                                          const v1::ProvisionLockRequest& req);
  absl::StatusOr<v1::CreateRemotePinResponse> CreateRemotePin(
      const Caller& caller, const v1::CreateRemotePinRequest& req);
  absl::StatusOr<v1::ShareRemotePinResponse> ShareRemotePin(const Caller& caller,
                                                            const v1::ShareRemotePinRequest& req);
  absl::StatusOr<v1::CreateCustomPinResponse> CreateCustomPin(
      const Caller& caller, const v1::CreateCustomPinRequest& req);
  absl::StatusOr<v1::CreateBluetoothKeyResponse> CreateBluetoothKey(
      const Caller& caller, const v1::CreateBluetoothKeyRequest& req);
  absl::StatusOr<v1::CreateTwoFactorAccessResponse> CreateTwoFactorAccess(
      const Caller& caller, const v1::CreateTwoFactorAccessRequest& req);
  absl::StatusOr<v1::Access> UpdateAccess(const Caller& caller, const v1::UpdateAccessRequest& req);
  absl::StatusOr<v1::GetKeyCredentialResponse> GetKeyCredential(
      const Caller& caller, const v1::GetKeyCredentialRequest& req);
  absl::StatusOr<v1::Access> GetMyLockKey(const Caller& caller, const v1::GetMyLockKeyRequest& req);
  absl::StatusOr<v1::Access> GetAccess(const Caller& caller, const v1::GetAccessRequest& req);
  absl::StatusOr<v1::ListAccessesResponse> ListAccesses(const Caller& caller,
                                                        const v1::ListAccessesRequest& req);
  absl::StatusOr<v1::Access> DeleteAccess(const Caller& caller, const v1::DeleteAccessRequest& req);
  absl::StatusOr<v1::GetLockPinFactsResponse> GetLockPinFacts(
      const Caller& caller, const v1::GetLockPinFactsRequest& req);

  absl::StatusOr<v1::ListHeldLocksResponse> ListHeldLocks(const Caller& caller);

  // S7: the lock takes a new secret by a job; the old one's PINs and key
  // credentials end when it lands.
  absl::StatusOr<v1::RotateLockSecretResponse> RotateLockSecret(const Caller& caller,
                                                                const v1::RotateLockSecretRequest& req);
  // S6: the jobs service's Lock, Unlock and Sync commands (L6), sealed.
  absl::StatusOr<v1::SealLockCommandResponse> SealLockCommand(const v1::SealLockCommandRequest& req);
  absl::StatusOr<v1::ListAuditEventsResponse> ListAuditEvents(
      const Caller& caller, const v1::ListAuditEventsRequest& req);

  // Applies an event of org's stream: a paired lock gets its secret.
  absl::Status ApplyOrgEvent(pqxx::work& tx, const events::Event& event);
  // Of the jobs service's stream: a Custom PIN turns active or deleted (A5-A7).
  absl::Status ApplyJobEvent(pqxx::work& tx, const events::Event& event);
  // Of identity's stream: a deactivated user's keys go (U5).
  absl::Status ApplyIdentityEvent(pqxx::work& tx, const events::Event& event);

 private:
  // The caller may act on the access's lock: org's scope for Owners, Admins
  // and Managers; for a Lock User, only what they hold or created (O5, A14).
  absl::StatusOr<store::AccessRow> FindInScope(const Caller& caller, const std::string& access_id);
  // A14: a Lock User acting on `lock_id` holds a live Residential key there;
  // its window bounds what they create.
  absl::StatusOr<store::AccessRow> ResidentKey(pqxx::work& tx, const Caller& caller,
                                               const std::string& lock_id);
  // The lock is in the caller's scope and the caller an Owner or Admin:
  // those who may handle its secret (`what` names the act for the refusal).
  absl::Status RequireSecretKeeper(const Caller& caller, const std::string& lock_id,
                                   const std::string& what);
  // Which of a lock's secrets (S7): the one the lock holds now (Remote PINs,
  // key credentials); the one it will hold when a job made now reaches it
  // (the new one while a rotation is on its way: job seals, Custom PIN
  // digits in jobs); or the one Custom PIN digests are keyed by, for good.
  enum class SecretFor { kPinsAndKeys, kJobs, kDigests };
  // The lock's secret, unsealed; UNAVAILABLE just after pairing.
  absl::StatusOr<std::string> LockSecret(pqxx::work& tx, const std::string& organisation_id,
                                         const std::string& lock_id, absl::Time* epoch = nullptr,
                                         SecretFor use = SecretFor::kPinsAndKeys);
  // Publishes a job for the lock on the access stream (J1), sealed for the
  // lock (S6); `requested_by` is a user id, or "system" for what an event
  // caused.
  void RequestJob(pqxx::work& tx, const std::string& requested_by, v1::LockJobRequested job);
  // S6: `job` sealed for its lock under the lock's next counter, and the key
  // its results verify under. NOT_FOUND for a lock without a secret in the
  // organisation.
  struct SealedForLock {
    std::string sealed_job;
    std::string result_key;
  };
  absl::StatusOr<SealedForLock> SealForLock(pqxx::work& tx, const std::string& organisation_id,
                                            jobseal::LockJob job);
  // S7: the rotation job's outcome (completed or failed) applied.
  absl::Status ApplyRotationOutcome(pqxx::work& tx, const std::string& organisation_id,
                                    const std::string& job_id, bool completed);
  // L3: org's new intervals for an NB-IoT lock become its sealed job.
  absl::Status RequestIntervalsJob(pqxx::work& tx, const events::Event& event);
  // A13: a delete job for the Custom PIN, which is deleting until it lands
  // (or stays deleted, when a live PIN took its digits since).
  // `lock_holds_it`: made knowing the add landed, so its own landing is final.
  void TakeCustomPinOffLock(pqxx::work& tx, const std::string& requested_by,
                            const store::AccessRow& pin, const std::string& deleted_by,
                            const std::string& reason, bool lock_holds_it);
  // J4: the Custom PIN's failed add job `job_id` is never to be recreated
  // (the jobs service drops it if it was).
  void PublishAccessDeleted(pqxx::work& tx, const store::AccessRow& pin, const std::string& job_id);
  // A13, A12, U5: the lock is to refuse this key's credential from now on.
  // U5, A9: the user's live keys and 2FA access deleted, each key revoked at
  // its lock; the PINs they made stay.
  void DeleteHeldAccesses(pqxx::work& tx, const std::string& organisation_id,
                          const std::string& user_id, const std::string& reason,
                          const std::string& audit_action);
  void RevokeKeyAtLock(pqxx::work& tx, const std::string& requested_by,
                       const store::AccessRow& key, const std::string& key_id);
  absl::StatusOr<v1::Access> CreateHeldAccess(const Caller& caller, const std::string& type,
                                              const std::string& lock_id,
                                              const std::string& user_id,
                                              const v1::KeyPermissions* permissions,
                                              const google::protobuf::Timestamp* start,
                                              const google::protobuf::Timestamp* end,
                                              const std::string& request_id,
                                              const google::protobuf::Message& request);

  pg::Pool& pool_;
  org_client::LockScopes& scopes_;
  UserDirectory& users_;
  const core::Clock& clock_;
  const AccessConfig config_;
};

}  // namespace keyway::access
