#include "identity_store.h"

#include "keyway/pg/convert.h"

namespace keyway::identity::store {
namespace {

using pg::OptionalTimeField;
using pg::TimeField;
using pg::TimeParam;

constexpr const char* kPersonColumns = "u.id, u.email, u.password_hash";
constexpr const char* kMemberColumns =
    "u.id, u.email, u.password_hash, m.organisation_id, m.name, m.mobile, m.mobile_verified, "
    "m.role, m.status, m.created_at, m.updated_at, m.department_count, m.token_version";

Person PersonFrom(const pqxx::row& r) {
  Person p;
  p.id = r[0].as<std::string>();
  p.email = r[1].as<std::string>();
  if (!r[2].is_null()) p.password_hash = r[2].as<std::string>();
  return p;
}

Member MemberFrom(const pqxx::row& r) {
  Member m;
  m.person = PersonFrom(r);
  m.organisation_id = r[3].as<std::string>();
  m.name = r[4].as<std::string>();
  m.mobile = r[5].as<std::string>();
  m.mobile_verified = r[6].as<bool>();
  m.role = auth::RoleFromName(r[7].as<std::string>()).value_or(auth::Role::kUnspecified);
  m.status = r[8].as<std::string>();
  m.created_at = TimeField(r[9]);
  m.updated_at = TimeField(r[10]);
  m.department_count = r[11].as<int>();
  m.token_version = r[12].as<int64_t>();
  return m;
}

Invitation InvitationFrom(const pqxx::row& r) {
  return {r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
          r[3].as<std::string>(), InvitationStateFromName(r[4].as<std::string>()),
          TimeField(r[5])};
}

}  // namespace

std::optional<Person> FindPersonByEmail(pqxx::work& tx, const std::string& email) {
  auto rows = tx.exec_params(std::string("SELECT ") + kPersonColumns +
                                 " FROM users u WHERE u.email = $1",
                             email);
  if (rows.empty()) return std::nullopt;
  return PersonFrom(rows[0]);
}

std::optional<Person> FindPerson(pqxx::work& tx, const std::string& user_id) {
  auto rows = tx.exec_params(std::string("SELECT ") + kPersonColumns +
                                 " FROM users u WHERE u.id = $1",
                             user_id);
  if (rows.empty()) return std::nullopt;
  return PersonFrom(rows[0]);
}

void InsertPerson(pqxx::work& tx, const Person& p, absl::Time now) {
  tx.exec_params0(
      "INSERT INTO users (id, email, password_hash, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $4)",
      p.id, p.email, p.password_hash, TimeParam(now));
}

bool EmailProven(pqxx::work& tx, const std::string& user_id) {
  auto rows = tx.exec_params("SELECT email_proven FROM users WHERE id = $1", user_id);
  return !rows.empty() && rows[0][0].as<bool>();
}

void MarkEmailProven(pqxx::work& tx, const std::string& user_id) {
  tx.exec_params0("UPDATE users SET email_proven = true WHERE id = $1", user_id);
}

int RevokeSessionsOfPerson(pqxx::work& tx, const std::string& user_id, const std::string& reason,
                           absl::Time now) {
  return static_cast<int>(
      tx.exec_params(
            "WITH ended AS (UPDATE sessions SET revoked_at = $2, revoked_reason = $3 "
            "               WHERE user_id = $1 AND revoked_at IS NULL RETURNING id) "
            "INSERT INTO revocations (session_id) SELECT id FROM ended RETURNING sequence",
            user_id, TimeParam(now), reason)
          .size());
}

int PhoneCodesSentSince(pqxx::work& tx, const std::string& user_id, absl::Time since) {
  // The person's row is the lock: concurrent requests count one after the other.
  tx.exec_params("SELECT 1 FROM users WHERE id = $1 FOR UPDATE", user_id);
  return tx.exec_params1("SELECT count(*) FROM phone_code_sends WHERE user_id = $1 AND sent_at > $2",
                         user_id, TimeParam(since))[0]
      .as<int>();
}

void RecordPhoneCodeSent(pqxx::work& tx, const std::string& user_id, absl::Time now) {
  tx.exec_params0("INSERT INTO phone_code_sends (user_id, sent_at) VALUES ($1, $2)", user_id,
                  TimeParam(now));
}

int PrunePhoneCodeSends(pqxx::work& tx, absl::Time before) {
  return static_cast<int>(
      tx.exec_params0("DELETE FROM phone_code_sends WHERE sent_at < $1", TimeParam(before))
          .affected_rows());
}

void SetPassword(pqxx::work& tx, const std::string& user_id, const std::string& password_hash,
                 absl::Time now) {
  tx.exec_params0("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1", user_id,
                  password_hash, TimeParam(now));
}

std::optional<Member> FindMember(pqxx::work& tx, const std::string& organisation_id,
                                 const std::string& user_id, bool for_update) {
  auto rows = tx.exec_params(
      std::string("SELECT ") + kMemberColumns +
          " FROM memberships m JOIN users u ON u.id = m.user_id"
          " WHERE m.organisation_id = $1 AND m.user_id = $2" +
          (for_update ? " FOR UPDATE OF m" : ""),
      organisation_id, user_id);
  if (rows.empty()) return std::nullopt;
  return MemberFrom(rows[0]);
}

std::vector<Member> MembershipsOf(pqxx::work& tx, const std::string& user_id) {
  std::vector<Member> out;
  for (const auto& r : tx.exec_params(std::string("SELECT ") + kMemberColumns +
                                          " FROM memberships m JOIN users u ON u.id = m.user_id"
                                          " WHERE m.user_id = $1 ORDER BY m.organisation_id",
                                      user_id)) {
    out.push_back(MemberFrom(r));
  }
  return out;
}

bool HasOwner(pqxx::work& tx, const std::string& organisation_id) {
  return !tx.exec_params(
                "SELECT 1 FROM memberships WHERE organisation_id = $1 AND role = 'owner'",
                organisation_id)
              .empty();
}

void InsertMember(pqxx::work& tx, const Member& m) {
  tx.exec_params0(
      "INSERT INTO memberships (organisation_id, user_id, name, mobile, mobile_verified, role, "
      "status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      m.organisation_id, m.person.id, m.name, m.mobile, m.mobile_verified,
      std::string(auth::RoleName(m.role)), m.status, TimeParam(m.created_at),
      TimeParam(m.updated_at));
}

void UpdateMember(pqxx::work& tx, Member& m, absl::Time now) {
  m.updated_at = now;
  // S4: a new role or status makes the member's tokens so far outdated
  // everywhere: their version goes up, and the change is a revocation.
  auto row = tx.exec_params1(
      "UPDATE memberships SET name = $3, mobile = $4, mobile_verified = $5, "
      "token_version = token_version + (role <> $6 OR status <> $7)::int, role = $6, "
      "status = $7, updated_at = $8 WHERE organisation_id = $1 AND user_id = $2 "
      "RETURNING token_version",
      m.organisation_id, m.person.id, m.name, m.mobile, m.mobile_verified,
      std::string(auth::RoleName(m.role)), m.status, TimeParam(now));
  const int64_t version = row[0].as<int64_t>();
  if (version != m.token_version) {
    m.token_version = version;
    tx.exec_params0(
        "INSERT INTO revocations (organisation_id, user_id, token_version) VALUES ($1, $2, $3)",
        m.organisation_id, m.person.id, version);
  }
}

void DeleteMembership(pqxx::work& tx, const std::string& organisation_id,
                      const std::string& user_id) {
  tx.exec_params0("DELETE FROM memberships WHERE organisation_id = $1 AND user_id = $2",
                  organisation_id, user_id);
}

namespace {

// LIKE's own wildcards escaped, so that "50%" means a literal 50%.
std::string LikePattern(const std::string& query) {
  if (query.empty()) return "";
  std::string like;
  for (char c : query) {
    if (c == '%' || c == '_' || c == '\\') like += '\\';
    like += c;
  }
  return "%" + like + "%";
}

constexpr const char* kMemberFilter =
    " FROM memberships m JOIN users u ON u.id = m.user_id"
    " WHERE m.organisation_id = $1"
    " AND ($2 = '' OR m.status = $2)"
    " AND ($3 = '' OR m.name ILIKE $3 OR u.email ILIKE $3)";

}  // namespace

int CountMembers(pqxx::work& tx, const std::string& organisation_id, const ListFilter& f) {
  return tx.exec_params1(std::string("SELECT count(*)") + kMemberFilter, organisation_id, f.status,
                         LikePattern(f.query))[0]
      .as<int>();
}

std::vector<ListedMember> ListMembers(pqxx::work& tx, const std::string& organisation_id,
                                      const ListFilter& f) {
  std::string after_name = f.after ? f.after->first : "";
  std::string after_id = f.after ? f.after->second : "00000000-0000-0000-0000-000000000000";
  std::vector<ListedMember> out;
  for (const auto& r : tx.exec_params(
           std::string("SELECT ") + kMemberColumns + ", lower(m.name)" + kMemberFilter +
               " AND (NOT $4 OR (lower(m.name), u.id) > ($5, $6::uuid))"
               " ORDER BY lower(m.name), u.id LIMIT $7",
           organisation_id, f.status, LikePattern(f.query), f.after.has_value(), after_name,
           after_id, f.limit)) {
    out.push_back({MemberFrom(r), r[13].as<std::string>()});
  }
  return out;
}

void RecordOrganisation(pqxx::work& tx, const std::string& organisation_id, bool departmental) {
  tx.exec_params0(
      "INSERT INTO organisations (id, departmental) VALUES ($1, $2) "
      "ON CONFLICT (id) DO UPDATE SET departmental = excluded.departmental",
      organisation_id, departmental);
}

bool IsDepartmental(pqxx::work& tx, const std::string& organisation_id) {
  auto rows = tx.exec_params("SELECT departmental FROM organisations WHERE id = $1",
                             organisation_id);
  return !rows.empty() && rows[0][0].as<bool>();
}

void SetDepartmentCount(pqxx::work& tx, const std::string& organisation_id,
                        const std::string& user_id, int count, absl::Time said_at) {
  tx.exec_params0(
      "UPDATE memberships SET department_count = $3, department_count_at = $4 "
      "WHERE organisation_id = $1 AND user_id = $2 "
      "AND (department_count_at IS NULL OR department_count_at < $4)",
      organisation_id, user_id, count, TimeParam(said_at));
}

void InsertInvitation(pqxx::work& tx, const Invitation& inv, const std::string& token_hash,
                      const std::string& created_by, absl::Time now) {
  tx.exec_params0(
      "INSERT INTO invitations (id, organisation_id, user_id, token_hash, channel, state, "
      "expires_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8)",
      inv.id, inv.organisation_id, inv.user_id, token_hash, inv.channel, TimeParam(inv.expires_at),
      created_by, TimeParam(now));
}

void ClosePendingInvitations(pqxx::work& tx, const std::string& organisation_id,
                             const std::string& user_id, InvitationState state) {
  tx.exec_params0(
      "UPDATE invitations SET state = $3 "
      "WHERE organisation_id = $1 AND user_id = $2 AND state = 'pending'",
      organisation_id, user_id, std::string(InvitationStateName(state)));
}

std::optional<Invitation> FindInvitationByTokenHash(pqxx::work& tx, const std::string& hash) {
  auto rows = tx.exec_params(
      "SELECT id, organisation_id, user_id, channel, state, expires_at FROM invitations "
      "WHERE token_hash = $1 FOR UPDATE",
      hash);
  if (rows.empty()) return std::nullopt;
  return InvitationFrom(rows[0]);
}

void SetInvitationState(pqxx::work& tx, const std::string& id, InvitationState state) {
  tx.exec_params0("UPDATE invitations SET state = $2 WHERE id = $1", id,
                  std::string(InvitationStateName(state)));
}

void InsertSession(pqxx::work& tx, const Session& s, absl::Time now) {
  tx.exec_params0(
      "INSERT INTO sessions (id, user_id, organisation_id, created_at, expires_at) "
      "VALUES ($1, $2, $3, $4, $5)",
      s.id, s.user_id, s.organisation_id, TimeParam(now), TimeParam(s.expires_at));
}

std::optional<Session> FindSession(pqxx::work& tx, const std::string& session_id) {
  auto rows = tx.exec_params(
      "SELECT id, user_id, organisation_id, expires_at, revoked_at IS NOT NULL "
      "FROM sessions WHERE id = $1",
      session_id);
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  return Session{r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                 TimeField(r[3]), r[4].as<bool>()};
}

// S4: every session ended is a revocation, for the other services' lists.
void RevokeSession(pqxx::work& tx, const std::string& session_id, const std::string& reason,
                   absl::Time now) {
  tx.exec_params0(
      "WITH ended AS (UPDATE sessions SET revoked_at = $2, revoked_reason = $3 "
      "               WHERE id = $1 AND revoked_at IS NULL RETURNING id) "
      "INSERT INTO revocations (session_id) SELECT id FROM ended",
      session_id, TimeParam(now), reason);
}

int RevokeSessionsOf(pqxx::work& tx, const std::string& organisation_id,
                     const std::string& user_id, const std::string& reason, absl::Time now) {
  return static_cast<int>(
      tx.exec_params(
            "WITH ended AS (UPDATE sessions SET revoked_at = $3, revoked_reason = $4 "
            "               WHERE organisation_id = $1 AND user_id = $2 AND revoked_at IS NULL "
            "               RETURNING id) "
            "INSERT INTO revocations (session_id) SELECT id FROM ended RETURNING sequence",
            organisation_id, user_id, TimeParam(now), reason)
          .size());
}

std::vector<Revocation> RevocationsAfter(pqxx::work& tx, int64_t after_sequence, int limit) {
  std::vector<Revocation> out;
  for (const auto& r : tx.exec_params(
           "SELECT sequence, session_id, organisation_id, user_id, token_version "
           "FROM revocations WHERE created_at > now() - interval '1 day' "
           "  AND (sequence > $1 OR created_at > now() - interval '30 seconds') "
           "ORDER BY sequence LIMIT $2",
           after_sequence, limit)) {
    Revocation v;
    v.sequence = r[0].as<int64_t>();
    if (!r[1].is_null()) v.session_id = r[1].as<std::string>();
    if (!r[2].is_null()) {
      v.organisation_id = r[2].as<std::string>();
      v.user_id = r[3].as<std::string>();
      v.token_version = r[4].as<int64_t>();
    }
    out.push_back(std::move(v));
  }
  return out;
}

int PruneRevocations(pqxx::work& tx) {
  return static_cast<int>(
      tx.exec0("DELETE FROM revocations WHERE created_at < now() - interval '1 day'").affected_rows());
}

void InsertRefreshToken(pqxx::work& tx, const RefreshToken& t, const std::string& token_hash,
                        absl::Time now) {
  tx.exec_params0(
      "INSERT INTO refresh_tokens (id, session_id, token_hash, expires_at, created_at) "
      "VALUES ($1, $2, $3, $4, $5)",
      t.id, t.session_id, token_hash, TimeParam(t.expires_at), TimeParam(now));
}

std::optional<RefreshToken> FindRefreshTokenByHash(pqxx::work& tx, const std::string& hash) {
  auto rows = tx.exec_params(
      "SELECT id, session_id, expires_at, used_at IS NOT NULL FROM refresh_tokens "
      "WHERE token_hash = $1 FOR UPDATE",
      hash);
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  return RefreshToken{r[0].as<std::string>(), r[1].as<std::string>(), TimeField(r[2]),
                      r[3].as<bool>()};
}

void MarkRefreshTokenUsed(pqxx::work& tx, const std::string& id, absl::Time now) {
  tx.exec_params0("UPDATE refresh_tokens SET used_at = $2 WHERE id = $1", id, TimeParam(now));
}

void EnsureThrottle(pqxx::work& tx, const std::string& key, absl::Time now) {
  tx.exec_params0(
      "INSERT INTO login_throttle (key, failures, last_failure) VALUES ($1, 0, $2) "
      "ON CONFLICT (key) DO NOTHING",
      key, TimeParam(now));
}

void ForgiveOneFailure(pqxx::work& tx, const std::string& key) {
  tx.exec_params0(
      "UPDATE login_throttle SET failures = greatest(failures - 1, 0) WHERE key = $1", key);
  // Nothing left to remember: the row goes, as for an account after a success.
  tx.exec_params0(
      "DELETE FROM login_throttle WHERE key = $1 AND failures = 0 AND locked_until IS NULL", key);
}

int PruneThrottles(pqxx::work& tx, absl::Time before, absl::Time now) {
  return static_cast<int>(
      tx.exec_params0("DELETE FROM login_throttle WHERE last_failure < $1 "
                      "AND (locked_until IS NULL OR locked_until < $2)",
                      TimeParam(before), TimeParam(now))
          .affected_rows());
}

ThrottleState LoadThrottle(pqxx::work& tx, const std::string& key) {
  auto rows = tx.exec_params(
      "SELECT failures, last_failure, locked_until FROM login_throttle WHERE key = $1 FOR UPDATE",
      key);
  ThrottleState s;
  if (rows.empty()) return s;
  s.failures = rows[0][0].as<int>();
  s.last_failure = TimeField(rows[0][1]);
  s.locked_until = OptionalTimeField(rows[0][2]).value_or(absl::InfinitePast());
  return s;
}

void SaveThrottle(pqxx::work& tx, const std::string& key, const ThrottleState& s) {
  std::optional<std::string> locked;
  if (s.locked_until != absl::InfinitePast()) locked = TimeParam(s.locked_until);
  tx.exec_params0(
      "INSERT INTO login_throttle (key, failures, last_failure, locked_until) "
      "VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, "
      "last_failure = excluded.last_failure, locked_until = excluded.locked_until",
      key, s.failures, TimeParam(s.last_failure), locked);
}

void ClearThrottle(pqxx::work& tx, const std::string& key) {
  tx.exec_params0("DELETE FROM login_throttle WHERE key = $1", key);
}

std::optional<PhoneVerification> FindPhoneVerification(pqxx::work& tx,
                                                       const std::string& organisation_id,
                                                       const std::string& user_id) {
  auto rows = tx.exec_params(
      "SELECT mobile, code_hash, expires_at, attempts, created_at FROM phone_verifications "
      "WHERE organisation_id = $1 AND user_id = $2 FOR UPDATE",
      organisation_id, user_id);
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  return PhoneVerification{
      r[0].as<std::string>(),
      PhoneCodeState{r[1].as<std::string>(), TimeField(r[2]), r[3].as<int>()},
      TimeField(r[4])};
}

void UpsertPhoneVerification(pqxx::work& tx, const std::string& organisation_id,
                             const std::string& user_id, const PhoneVerification& v) {
  tx.exec_params0(
      "INSERT INTO phone_verifications (organisation_id, user_id, mobile, code_hash, expires_at, "
      "attempts, created_at) VALUES ($1, $2, $3, $4, $5, 0, $6) "
      "ON CONFLICT (organisation_id, user_id) DO UPDATE SET mobile = excluded.mobile, "
      "code_hash = excluded.code_hash, expires_at = excluded.expires_at, attempts = 0, "
      "created_at = excluded.created_at",
      organisation_id, user_id, v.mobile, v.code.code_hash, TimeParam(v.code.expires_at),
      TimeParam(v.created_at));
}

void CountPhoneAttempt(pqxx::work& tx, const std::string& organisation_id,
                       const std::string& user_id) {
  tx.exec_params0(
      "UPDATE phone_verifications SET attempts = attempts + 1 "
      "WHERE organisation_id = $1 AND user_id = $2",
      organisation_id, user_id);
}

void DeletePhoneVerification(pqxx::work& tx, const std::string& organisation_id,
                             const std::string& user_id) {
  tx.exec_params0("DELETE FROM phone_verifications WHERE organisation_id = $1 AND user_id = $2",
                  organisation_id, user_id);
}

}  // namespace keyway::identity::store
