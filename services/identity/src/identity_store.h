#pragma once
// Every SQL statement of the identity service, behind functions that take
// the caller's transaction. No logic here beyond mapping rows to structs.

#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/time/time.h"
#include "keyway/auth/principal.h"
#include "login_throttle.h"
#include "secrets.h"

namespace keyway::identity::store {

// A login: the same for every organisation the person belongs to.
struct Person {
  std::string id;
  std::string email;
  std::optional<std::string> password_hash;
};

// A person as a member of one organisation, with that organisation's profile.
struct Member {
  Person person;
  std::string organisation_id;
  std::string name;
  std::string mobile;
  bool mobile_verified = false;
  auth::Role role = auth::Role::kUnspecified;
  std::string status;  // invited, active, deactivated
  absl::Time created_at;
  absl::Time updated_at;
  int department_count = 0;  // as org last said (O4)
  int64_t token_version = 0;  // S4: raised by UpdateMember on a new role or status
};

std::optional<Person> FindPersonByEmail(pqxx::work& tx, const std::string& email);
std::optional<Person> FindPerson(pqxx::work& tx, const std::string& user_id);
void InsertPerson(pqxx::work& tx, const Person& p, absl::Time now);
// S5: whether a link sent to the person's email was used; and recording that one was.
bool EmailProven(pqxx::work& tx, const std::string& user_id);
void MarkEmailProven(pqxx::work& tx, const std::string& user_id);
// Revokes every live session of a person, in every organisation; returns how many.
int RevokeSessionsOfPerson(pqxx::work& tx, const std::string& user_id, const std::string& reason,
                           absl::Time now);
// S5: phone codes sent to a person since `since` (their row locked for the
// count and the next send), and one more sent.
int PhoneCodesSentSince(pqxx::work& tx, const std::string& user_id, absl::Time since);
void RecordPhoneCodeSent(pqxx::work& tx, const std::string& user_id, absl::Time now);
int PrunePhoneCodeSends(pqxx::work& tx, absl::Time before);
void SetPassword(pqxx::work& tx, const std::string& user_id, const std::string& password_hash,
                 absl::Time now);

// Locks the membership row with FOR UPDATE when `for_update`.
std::optional<Member> FindMember(pqxx::work& tx, const std::string& organisation_id,
                                 const std::string& user_id, bool for_update = false);
std::vector<Member> MembershipsOf(pqxx::work& tx, const std::string& user_id);
bool HasOwner(pqxx::work& tx, const std::string& organisation_id);
void InsertMember(pqxx::work& tx, const Member& m);
// Writes the member's profile, role and status; sets `updated_at` to `now`.
void UpdateMember(pqxx::work& tx, Member& m, absl::Time now);
void DeleteMembership(pqxx::work& tx, const std::string& organisation_id,
                      const std::string& user_id);

// O4: facts from org's events.
void RecordOrganisation(pqxx::work& tx, const std::string& organisation_id, bool departmental);
bool IsDepartmental(pqxx::work& tx, const std::string& organisation_id);
// Only if `said_at` is newer than what was last applied.
void SetDepartmentCount(pqxx::work& tx, const std::string& organisation_id,
                        const std::string& user_id, int count, absl::Time said_at);

struct ListFilter {
  std::string status;  // empty: all
  std::string query;   // substring of name or email, case-insensitive
  // Keyset position: strictly after (lower(name), id).
  std::optional<std::pair<std::string, std::string>> after;
  int limit = 50;
};
// How many members match the filter's status and query (its position ignored).
int CountMembers(pqxx::work& tx, const std::string& organisation_id, const ListFilter& filter);

struct ListedMember {
  Member member;
  std::string sort_name;  // lower(name) as the database sorts it: the page position
};
std::vector<ListedMember> ListMembers(pqxx::work& tx, const std::string& organisation_id,
                                      const ListFilter& filter);

struct Invitation {
  std::string id;
  std::string organisation_id;
  std::string user_id;
  std::string channel;  // email, sms
  InvitationState state = InvitationState::kPending;
  absl::Time expires_at;
};
void InsertInvitation(pqxx::work& tx, const Invitation& inv, const std::string& token_hash,
                      const std::string& created_by, absl::Time now);
// Marks the member's pending invitations `state` (superseded or cancelled).
void ClosePendingInvitations(pqxx::work& tx, const std::string& organisation_id,
                             const std::string& user_id, InvitationState state);
std::optional<Invitation> FindInvitationByTokenHash(pqxx::work& tx, const std::string& hash);
void SetInvitationState(pqxx::work& tx, const std::string& id, InvitationState state);

struct Session {
  std::string id;
  std::string user_id;
  std::string organisation_id;
  absl::Time expires_at;
  bool revoked = false;
};
void InsertSession(pqxx::work& tx, const Session& s, absl::Time now);
std::optional<Session> FindSession(pqxx::work& tx, const std::string& session_id);
void RevokeSession(pqxx::work& tx, const std::string& session_id, const std::string& reason,
                   absl::Time now);
// Revokes every live session of a member; returns how many.
int RevokeSessionsOf(pqxx::work& tx, const std::string& organisation_id,
                     const std::string& user_id, const std::string& reason, absl::Time now);

// S4: a session ended (session_id), or a membership whose tokens below
// token_version are outdated.
struct Revocation {
  int64_t sequence = 0;
  std::string session_id;
  std::string organisation_id, user_id;
  int64_t token_version = 0;
};
// The last day's revocations after `after_sequence`, and the last 30 s's again.
std::vector<Revocation> RevocationsAfter(pqxx::work& tx, int64_t after_sequence, int limit);
// Drops revocations older than a day; returns how many.
int PruneRevocations(pqxx::work& tx);

struct RefreshToken {
  std::string id;
  std::string session_id;
  absl::Time expires_at;
  bool used = false;
};
void InsertRefreshToken(pqxx::work& tx, const RefreshToken& t, const std::string& token_hash,
                        absl::Time now);
std::optional<RefreshToken> FindRefreshTokenByHash(pqxx::work& tx, const std::string& hash);
void MarkRefreshTokenUsed(pqxx::work& tx, const std::string& id, absl::Time now);

// A row with no failures unless one exists, so that it can be locked.
void EnsureThrottle(pqxx::work& tx, const std::string& key, absl::Time now);
// The key's state, its row locked for the transaction.
ThrottleState LoadThrottle(pqxx::work& tx, const std::string& key);
// One failure fewer (a provisionally counted attempt that succeeded); the
// row goes when none is left.
void ForgiveOneFailure(pqxx::work& tx, const std::string& key);
// Forgets keys whose last failure is older than `before` and that are not
// locked at `now` (one row per email or address tried, else without bound).
int PruneThrottles(pqxx::work& tx, absl::Time before, absl::Time now);
void SaveThrottle(pqxx::work& tx, const std::string& key, const ThrottleState& state);
void ClearThrottle(pqxx::work& tx, const std::string& key);

struct PhoneVerification {
  std::string mobile;
  PhoneCodeState code;
  absl::Time created_at;
};
std::optional<PhoneVerification> FindPhoneVerification(pqxx::work& tx,
                                                       const std::string& organisation_id,
                                                       const std::string& user_id);
void UpsertPhoneVerification(pqxx::work& tx, const std::string& organisation_id,
                             const std::string& user_id, const PhoneVerification& v);
void CountPhoneAttempt(pqxx::work& tx, const std::string& organisation_id,
                       const std::string& user_id);
void DeletePhoneVerification(pqxx::work& tx, const std::string& organisation_id,
                             const std::string& user_id);

}  // namespace keyway::identity::store
