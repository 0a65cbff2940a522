#pragma once
// Every SQL statement of the access service, behind functions that take the
// caller's transaction. Lookups are by (organisation, id) (O6).

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/time/time.h"

namespace keyway::access::store {

struct LockSecret {
  std::string lock_id, organisation_id, sealed_secret;
  absl::Time epoch;
  std::optional<absl::Time> provisioned_at;
  std::string rotating_to;      // S7: the new secret, sealed, while its job is on its way
  std::string rotation_job_id;  // S7: that job
  std::string digest_secret;    // S7: the first secret, sealed: keys Custom PIN digests for good
};
// Once per lock: a second insert for the same lock changes nothing.
void InsertLockSecret(pqxx::work& tx, const LockSecret& s, absl::Time now);
// S6: the lock's next job counter (from 1), taken; none for a lock without
// a secret in the organisation. Holds the lock's row until the commit, so
// that concurrent jobs of one lock are numbered in their commit order.
std::optional<uint64_t> TakeJobCounter(pqxx::work& tx, const std::string& organisation_id,
                                       const std::string& lock_id);
std::optional<LockSecret> FindLockSecret(pqxx::work& tx, const std::string& organisation_id,
                                         const std::string& lock_id, bool lock = false);
// S7: the rotation of a lock's secret to `sealed_new`, carried by `job_id`.
void StartRotation(pqxx::work& tx, const std::string& lock_id, const std::string& sealed_new,
                   const std::string& job_id);
// S7: the rotation job landed: the new secret is the lock's. The lock id, or
// none for a job that is no rotation on its way.
std::optional<std::string> FinishRotation(pqxx::work& tx, const std::string& organisation_id,
                                          const std::string& job_id);
// S7: the rotation job failed: the lock keeps its secret.
void AbandonRotation(pqxx::work& tx, const std::string& organisation_id, const std::string& job_id);
// S7: the lock's live Remote PINs become deleted with `reason`; their ids.
std::vector<std::string> DeleteLiveRemotePins(pqxx::work& tx, const std::string& lock_id,
                                              const std::string& reason, absl::Time now);
void MarkProvisioned(pqxx::work& tx, const std::string& lock_id, absl::Time now);

struct AccessRow {
  std::string id, organisation_id, lock_id, type, status, pin_kind, name;
  absl::Time start;
  std::optional<absl::Time> end;
  std::optional<int> length_index, nonce;
  std::string created_by;
  absl::Time created_at;
  std::string user_id;                   // keys and 2FA: the holder
  std::vector<std::string> permissions;  // keys: unlock, sync, firmware_update, residential
  std::string channel;                   // Custom PINs: bluetooth or bridge
  std::string pin_digest;                // Custom PINs (K4: never the digits)
  std::string key_id;                    // keys: what the credential and revocations name
  std::string pending_job_id;
  std::string status_reason;
  std::string deleted_by;      // empty: not deleted, or deleted by a failed job
  bool job_recreated = false;  // J4: waits for a recreated job
  std::string at_lock = "sent";  // Custom PINs: what the lock holds (job_outcome.h)
  std::string add_job_id;        // Custom PINs: the job that adds it (kept when deleting)
  std::string final_delete_job_id;  // Custom PINs: a delete made knowing the lock held it
  bool paused = false;  // U4: 2FA access of a holder whose new mobile is not verified yet
};
void InsertAccess(pqxx::work& tx, const AccessRow& a);
std::optional<AccessRow> FindAccess(pqxx::work& tx, const std::string& organisation_id,
                                    const std::string& id, bool lock = false);
// `deleted_by` empty: a failed job deleted it, for `reason`.
void MarkDeleted(pqxx::work& tx, const std::string& id, absl::Time now,
                 const std::string& deleted_by, const std::string& reason = "");
// A13: a Custom PIN whose delete job `job_id` is on its way.
void MarkDeleting(pqxx::work& tx, const std::string& id, const std::string& job_id,
                  const std::string& deleted_by, const std::string& reason);
// A Custom PIN whose add job failed: deleted, still naming the job, which
// may be recreated (J4).
void MarkJobFailed(pqxx::work& tx, const std::string& id, absl::Time now, const std::string& reason);
// J4: its failed job was recreated: pending again.
void ReviveForRecreatedJob(pqxx::work& tx, const std::string& id);
// J4: its add job is on its second attempt.
void MarkJobRecreated(pqxx::work& tx, const std::string& id);
// A delete job made knowing the lock held the Custom PIN.
void SetFinalDeleteJob(pqxx::work& tx, const std::string& id, const std::string& job_id);
// What its jobs' outcomes say the lock holds of a Custom PIN.
void SetAtLock(pqxx::work& tx, const std::string& id, const std::string& at_lock);
// J4: a person deleted an access a failed job had already deleted.
void SetDeletedBy(pqxx::work& tx, const std::string& id, const std::string& deleted_by);
// `pending_job_id` empty: waits for no job. Live again (active, pending) clears who deleted it.
void SetStatus(pqxx::work& tx, const std::string& id, const std::string& status,
               const std::string& pending_job_id, const std::string& reason = "");
// A12: a key's or 2FA access's new end, and the key id its credential now names.
void SetEnd(pqxx::work& tx, const std::string& id, absl::Time end, const std::string& key_id);
// The access waiting for this job, locked for the update.
std::optional<AccessRow> FindByPendingJob(pqxx::work& tx, const std::string& job_id);
// A Custom PIN with this digest is pending, active or being deleted on the lock.
bool LiveCustomPinExists(pqxx::work& tx, const std::string& lock_id, const std::string& digest);
// An active Remote PIN of the lock carries this payload.
bool LiveRemotePinExists(pqxx::work& tx, const std::string& lock_id, absl::Time start,
                         int length_index, int nonce);
// The user's Bluetooth keys and 2FA access not yet ended at `now`, on one lock
// (or on all with `lock_id` empty), locked for update.
std::vector<AccessRow> LiveHeldAccesses(pqxx::work& tx, const std::string& organisation_id,
                                        const std::string& user_id, const std::string& lock_id,
                                        absl::Time now);
// O5: the locks on which the user holds a live key or 2FA access, or a Custom
// PIN of their own (pending or active, not yet ended at `now`); at most `limit`.
std::vector<std::string> HeldLockIds(pqxx::work& tx, const std::string& organisation_id,
                                     const std::string& user_id, absl::Time now, int limit);
// S10: how often the PIN's digits were sent since `since`; one more sending.
int CountPinShares(pqxx::work& tx, const std::string& access_id, absl::Time since);
void RecordPinShare(pqxx::work& tx, const std::string& access_id, const std::string& user_id,
                    absl::Time now);
int PrunePinShares(pqxx::work& tx, absl::Time before);
// The nonces already used by Remote PINs of this lock, start and length.
std::set<int> UsedNonces(pqxx::work& tx, const std::string& lock_id, absl::Time start,
                         int length_index);

// Refused Custom PIN creates of `user_id` on `lock_id` since `since`.
int CountRefusals(pqxx::work& tx, const std::string& user_id, const std::string& lock_id,
                  absl::Time since);
// S10: one refusal counted ahead of a create that may be refused, one person
// and lock at a time; nullopt when `limit` refusals of the last 24 hours are
// there already. A create that is not refused gives it back (ForgetRefusal).
std::optional<int64_t> ReserveRefusal(pqxx::work& tx, const std::string& organisation_id,
                                      const std::string& user_id, const std::string& lock_id,
                                      absl::Time now, int limit);
void ForgetRefusal(pqxx::work& tx, int64_t id);
// Custom PINs `user_id` made on `lock_id` that are pending, active or being deleted.
int LiveCustomPinsMadeBy(pqxx::work& tx, const std::string& user_id, const std::string& lock_id);

// U5: serialises key creation and deactivation of one user.
void LockUser(pqxx::work& tx, const std::string& organisation_id, const std::string& user_id);
void SetDeactivated(pqxx::work& tx, const std::string& organisation_id, const std::string& user_id,
                    bool deactivated);
// U4: the user's mobile changed at `since` and is not verified again; nullopt
// once it is.
void SetMobileUnverified(pqxx::work& tx, const std::string& organisation_id,
                         const std::string& user_id, std::optional<absl::Time> since);
bool IsDeactivated(pqxx::work& tx, const std::string& organisation_id, const std::string& user_id);

struct PinFacts {
  int active_pins = 0;
  int locks_with_active_pins = 0;
  std::vector<std::string> custom_pin_locks;
};
// D5, D6: live PINs (pending, active or being deleted, not ended at `now`: each
// works at the lock or is about to) and locks holding Custom PINs.
PinFacts PinFactsOf(pqxx::work& tx, const std::string& organisation_id,
                    const std::vector<std::string>& lock_ids, absl::Time now);

struct ListFilter {
  std::string lock_id, type, status, user_id;  // empty: any
  // Only what this user holds or created (a Lock User's own list, O5).
  std::string involving_user_id;
  // Only these locks (A15: a property's or department's), when set.
  std::optional<std::vector<std::string>> lock_ids;
  // Keyset position: strictly after (created_at, id) in newest-first order.
  std::optional<std::pair<absl::Time, std::string>> after;
  int limit = 50;
};
std::vector<AccessRow> ListAccesses(pqxx::work& tx, const std::string& organisation_id,
                                    const ListFilter& filter);

}  // namespace keyway::access::store
