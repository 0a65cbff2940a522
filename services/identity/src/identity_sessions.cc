// Logins, sessions and their tokens.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "identity.h"

#include "keyway/core/log.h"
#include "keyway/core/random.h"
#include "keyway/pg/transaction.h"
#include "secrets.h"
#include "user_proto.h"
#include "validation.h"

namespace keyway::identity {

struct Identity::IssuedTokens {
  std::string access_token;
  absl::Time access_expires_at;
  std::string refresh_token;
  absl::Time refresh_expires_at;
};

namespace {

absl::Status WrongCredentials() {
  // The same answer for an unknown email and a wrong password.
  return absl::UnauthenticatedError("the email or the password is incorrect");
}

absl::Status SessionEnded() {
  return absl::UnauthenticatedError("the session has ended: log in again");
}

// Which of the person's memberships this login is for.
absl::StatusOr<store::Member> ChooseMembership(const std::vector<store::Member>& memberships,
                                               const std::string& organisation_id) {
  std::vector<const store::Member*> active;
  bool deactivated = false, invited = false;
  for (const auto& m : memberships) {
    if (!organisation_id.empty() && m.organisation_id != organisation_id) continue;
    if (m.status == "active") active.push_back(&m);
    deactivated |= m.status == "deactivated";
    invited |= m.status == "invited";
  }
  if (active.size() == 1) return *active.front();
  if (active.size() > 1) {
    std::vector<std::string> ids;
    for (const auto* m : active) ids.push_back(m->organisation_id);
    return absl::FailedPreconditionError(
        absl::StrCat("you belong to ", ids.size(), " organisations: pass organisation_id, one of ",
                     absl::StrJoin(ids, ", ")));
  }
  if (deactivated) {
    return absl::PermissionDeniedError(
        "your account has been deactivated: ask an Owner or Admin to reactivate it");
  }
  if (invited) {
    return absl::FailedPreconditionError("accept your invitation before logging in");
  }
  return absl::NotFoundError(
      absl::StrCat("you are not a member of organisation ", organisation_id));
}

}  // namespace

Identity::Identity(pg::Pool& pool, KeyRing& keys, const core::Clock& clock,
                   IdentityConfig config)
    : pool_(pool),
      keys_(keys),
      clock_(clock),
      config_(std::move(config)),
      dummy_hash_(HashPassword(core::RandomToken(16), config_.password_hash)) {}

Identity::IssuedTokens Identity::IssueTokens(pqxx::work& tx, const auth::Principal& principal,
                                             int64_t version) {
  const absl::Time now = clock_.Now();
  IssuedTokens out;
  auth::TokenClaims claims{principal, core::NewUuid(), now, now + config_.access_token_ttl, version};
  out.access_token = keys_.Sign(claims);
  out.access_expires_at = claims.expires_at;
  IssuedSecret refresh = IssueSecret(now, config_.refresh_token_ttl);
  store::InsertRefreshToken(tx, {core::NewUuid(), principal.session_id, refresh.expires_at, false},
                            refresh.token_hash, now);
  out.refresh_token = refresh.token;
  out.refresh_expires_at = refresh.expires_at;
  return out;
}

absl::StatusOr<v1::LoginResponse> Identity::Login(const v1::LoginRequest& req,
                                                  const std::string& peer) {
  auto email = NormalizeEmail(req.email());
  if (!email.ok()) return email.status();
  if (req.password().empty()) return absl::InvalidArgumentError("password is required");
  if (req.password().size() > kMaxPasswordLength) {
    return absl::InvalidArgumentError("password is longer than 256 characters");
  }
  if (!req.organisation_id().empty()) {
    if (auto s = ValidateOrganisationId(req.organisation_id()); !s.ok()) return s;
  }
  const std::string account_key = "account:" + *email;
  const std::string address_key = "address:" + peer;
  // S10: the attempt is counted as a failure before the password is checked,
  // in a short transaction that each concurrent attempt takes in turn, so
  // that parallel guesses all count; Argon2 then runs with no database
  // connection held. A success takes the count back.
  struct Attempt {
    std::optional<store::Person> person;
  };
  auto attempt = pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<Attempt> {
    const absl::Time now = clock_.Now();
    // The rows exist before they are locked: two first failures both count.
    store::EnsureThrottle(tx, account_key, now);
    store::EnsureThrottle(tx, address_key, now);
    ThrottleState account = store::LoadThrottle(tx, account_key);
    ThrottleState address = store::LoadThrottle(tx, address_key);
    if (auto s = CheckThrottle(account, config_.account_throttle, now, "this account"); !s.ok()) {
      return s;
    }
    if (auto s = CheckThrottle(address, config_.address_throttle, now, "your network address");
        !s.ok()) {
      return s;
    }
    store::SaveThrottle(tx, account_key, AfterFailure(account, config_.account_throttle, now));
    store::SaveThrottle(tx, address_key, AfterFailure(address, config_.address_throttle, now));
    return Attempt{store::FindPersonByEmail(tx, *email)};
  });
  if (!attempt.ok()) return attempt.status();
  const bool has_password = attempt->person && attempt->person->password_hash;
  const bool verified =
      VerifyPassword(req.password(), has_password ? *attempt->person->password_hash : dummy_hash_) &&
      has_password;
  if (!verified) return WrongCredentials();  // already counted
  const std::string& person_id = attempt->person->id;
  auto result = pg::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<absl::StatusOr<v1::LoginResponse>> {
        const absl::Time now = clock_.Now();
        store::ClearThrottle(tx, account_key);
        store::ForgiveOneFailure(tx, address_key);
        auto person = store::FindPerson(tx, person_id);
        if (!person) return absl::StatusOr<v1::LoginResponse>(WrongCredentials());
        auto member = ChooseMembership(store::MembershipsOf(tx, person->id), req.organisation_id());
        if (!member.ok()) return absl::StatusOr<v1::LoginResponse>(member.status());
        if (auto s = CheckManagerMayLogIn(tx, *member); !s.ok()) {
          return absl::StatusOr<v1::LoginResponse>(s);
        }
        store::Session session{core::NewUuid(), person->id, member->organisation_id,
                               now + config_.refresh_token_ttl, false};
        store::InsertSession(tx, session, now);
        auto tokens = IssueTokens(tx, {person->id, member->organisation_id, member->role,
                                       session.id}, member->token_version);
        v1::LoginResponse resp;
        resp.set_access_token(tokens.access_token);
        *resp.mutable_access_token_expire_time() = ToTimestamp(tokens.access_expires_at);
        resp.set_refresh_token(tokens.refresh_token);
        *resp.mutable_refresh_token_expire_time() = ToTimestamp(tokens.refresh_expires_at);
        *resp.mutable_user() = ToUserProto(*member);
        return absl::StatusOr<v1::LoginResponse>(resp);
      });
  if (!result.ok()) return result.status();
  return *result;
}

absl::StatusOr<v1::RefreshResponse> Identity::Refresh(const v1::RefreshRequest& req) {
  if (req.refresh_token().empty() || req.refresh_token().size() > 512) {
    return absl::InvalidArgumentError("refresh_token must be the refresh token from Login");
  }
  auto result = pg::InTransaction(
      pool_, [&](pqxx::work& tx) -> absl::StatusOr<absl::StatusOr<v1::RefreshResponse>> {
        const absl::Time now = clock_.Now();
        auto token = store::FindRefreshTokenByHash(tx, HashToken(req.refresh_token()));
        if (!token) return absl::StatusOr<v1::RefreshResponse>(SessionEnded());
        auto session = store::FindSession(tx, token->session_id);
        if (!session || session->revoked) return absl::StatusOr<v1::RefreshResponse>(SessionEnded());
        if (token->used) {
          // A used refresh token presented again means it was copied: end
          // the whole session, for the thief and the owner alike.
          store::RevokeSession(tx, session->id, "refresh token reused", now);
          return absl::StatusOr<v1::RefreshResponse>(absl::UnauthenticatedError(
              "this refresh token was already used, so the session was ended for safety: log "
              "in again"));
        }
        if (now >= token->expires_at || now >= session->expires_at) {
          return absl::StatusOr<v1::RefreshResponse>(SessionEnded());
        }
        auto member = store::FindMember(tx, session->organisation_id, session->user_id);
        if (!member || member->status != "active") {
          return absl::StatusOr<v1::RefreshResponse>(SessionEnded());
        }
        if (auto s = CheckManagerMayLogIn(tx, *member); !s.ok()) {
          return absl::StatusOr<v1::RefreshResponse>(s);
        }
        store::MarkRefreshTokenUsed(tx, token->id, now);
        auto tokens = IssueTokens(
            tx, {session->user_id, session->organisation_id, member->role, session->id},
            member->token_version);
        v1::RefreshResponse resp;
        resp.set_access_token(tokens.access_token);
        *resp.mutable_access_token_expire_time() = ToTimestamp(tokens.access_expires_at);
        resp.set_refresh_token(tokens.refresh_token);
        *resp.mutable_refresh_token_expire_time() = ToTimestamp(tokens.refresh_expires_at);
        return absl::StatusOr<v1::RefreshResponse>(resp);
      });
  if (!result.ok()) return result.status();
  return *result;
}

absl::Status Identity::Logout(const Caller& caller) {
  return pg::InTransaction(pool_, [&](pqxx::work& tx) {
    store::RevokeSession(tx, caller.principal.session_id, "logout", clock_.Now());
    return absl::OkStatus();
  });
}

absl::StatusOr<auth::Principal> Identity::Authenticate(const std::string& access_token) {
  auto claims = keys_.Verify(access_token, clock_.Now());
  if (!claims.ok()) return claims.status();
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<auth::Principal> {
    auto session = store::FindSession(tx, claims->principal.session_id);
    if (!session || session->revoked) return SessionEnded();
    auto member = store::FindMember(tx, session->organisation_id, session->user_id);
    if (!member || member->status != "active") return SessionEnded();
    auth::Principal p = claims->principal;
    p.role = member->role;  // U4: a role change applies at once
    return p;
  });
}

v1::GetSigningKeysResponse Identity::SigningKeys() const {
  v1::GetSigningKeysResponse resp;
  for (const auto& [id, key] : keys_.public_keys()) {
    auto* k = resp.add_keys();
    k->set_key_id(id);
    k->set_public_key(key);
  }
  return resp;
}

absl::StatusOr<v1::ListRevocationsResponse> Identity::ListRevocations(
    const v1::ListRevocationsRequest& req) {
  if (req.after_sequence() < 0) return absl::InvalidArgumentError("after_sequence is not negative");
  constexpr int kPage = 5000;
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListRevocationsResponse> {
    v1::ListRevocationsResponse resp;
    int64_t last = req.after_sequence();
    for (const auto& r : store::RevocationsAfter(tx, req.after_sequence(), kPage)) {
      auto* out = resp.add_revocations();
      out->set_sequence(r.sequence);
      out->set_session_id(r.session_id);
      out->set_organisation_id(r.organisation_id);
      out->set_user_id(r.user_id);
      out->set_token_version(r.token_version);
      last = std::max(last, r.sequence);
    }
    resp.set_last_sequence(last);
    return resp;
  });
}

absl::StatusOr<v1::RotateSigningKeyResponse> Identity::RotateSigningKey(const std::string& peer) {
  auto key_id = keys_.Rotate();
  if (!key_id.ok()) return key_id.status();
  core::Log(core::Severity::kInfo, "signing key rotated").With("key_id", *key_id).With("peer", peer);
  v1::RotateSigningKeyResponse resp;
  resp.set_key_id(*key_id);
  return resp;
}

}  // namespace keyway::identity
