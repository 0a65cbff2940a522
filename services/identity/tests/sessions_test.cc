// Logins, refresh tokens, lockout, deactivation (U5), role changes (U4) and
// phone verification, on a real PostgreSQL and Redis.
#include <atomic>
#include <thread>

#include "identity_fixture.h"

using namespace keyway::identity::testing;

namespace {

grpc::Status Login(IdentityFixture& f, const std::string& email, const std::string& password,
                   v1::LoginResponse* resp = nullptr) {
  v1::LoginRequest req;
  req.set_email(email);
  req.set_password(password);
  v1::LoginResponse ignored;
  return f.api().Login(f.Ctx().get(), req, resp ? resp : &ignored);
}

grpc::Status Refresh(IdentityFixture& f, const std::string& token, v1::RefreshResponse* resp) {
  v1::RefreshRequest req;
  req.set_refresh_token(token);
  return f.api().Refresh(f.Ctx().get(), req, resp);
}

grpc::Status GetSelf(IdentityFixture& f, const std::string& access_token, const std::string& id) {
  v1::GetUserRequest req;
  req.set_user_id(id);
  v1::GetUserResponse resp;
  return f.api().GetUser(f.Ctx(access_token).get(), req, &resp);
}

}  // namespace

TEST_CASE("login: an unknown email and a wrong password get the same answer") {
  IdentityFixture f;
  Account owner = f.NewOrganisation();
  auto unknown = Login(f, "nobody@example.com", "whatever password");
  auto wrong = Login(f, owner.email, "not the password");
  CHECK(unknown.error_code() == grpc::StatusCode::UNAUTHENTICATED);
  CHECK(wrong.error_code() == unknown.error_code());
  CHECK(wrong.error_message() == unknown.error_message());
  // Case-insensitive email (U: unique case-insensitively).
  std::string upper = owner.email;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  CHECK(Login(f, upper, owner.password).ok());
}

TEST_CASE("login: refresh tokens rotate, and a reused one ends the whole session") {
  IdentityFixture f;
  Account owner = f.NewOrganisation();
  v1::RefreshResponse first, second, ignored;
  REQUIRE(Refresh(f, owner.refresh_token, &first).ok());
  CHECK(first.refresh_token() != owner.refresh_token);
  CHECK(GetSelf(f, first.access_token(), owner.user_id).ok());
  REQUIRE(Refresh(f, first.refresh_token(), &second).ok());
  // The first refresh token is replayed (stolen): the session ends for everyone.
  auto reuse = Refresh(f, owner.refresh_token, &ignored);
  CHECK(reuse.error_code() == grpc::StatusCode::UNAUTHENTICATED);
  CHECK(reuse.error_message().find("already used") != std::string::npos);
  CHECK(Refresh(f, second.refresh_token(), &ignored).error_code() ==
        grpc::StatusCode::UNAUTHENTICATED);
  CHECK(GetSelf(f, second.access_token(), owner.user_id).error_code() ==
        grpc::StatusCode::UNAUTHENTICATED);
  // A fresh login works.
  CHECK(Login(f, owner.email, owner.password).ok());
}

TEST_CASE("login: access tokens expire and refresh tokens outlive them") {
  IdentityFixture f;
  Account owner = f.NewOrganisation();
  f.clock().Advance(absl::Minutes(5));
  auto expired = GetSelf(f, owner.access_token, owner.user_id);
  CHECK(expired.error_code() == grpc::StatusCode::UNAUTHENTICATED);
  CHECK(expired.error_message().find("expired") != std::string::npos);
  v1::RefreshResponse refreshed;
  REQUIRE(Refresh(f, owner.refresh_token, &refreshed).ok());
  CHECK(GetSelf(f, refreshed.access_token(), owner.user_id).ok());
  f.clock().Advance(absl::Hours(24 * 31));
  CHECK(Refresh(f, refreshed.refresh_token(), &refreshed).error_code() ==
        grpc::StatusCode::UNAUTHENTICATED);
}

TEST_CASE("login: logout ends the session") {
  IdentityFixture f;
  Account owner = f.NewOrganisation();
  v1::LogoutResponse out;
  REQUIRE(f.api().Logout(f.As(owner).get(), {}, &out).ok());
  CHECK(GetSelf(f, owner.access_token, owner.user_id).error_code() ==
        grpc::StatusCode::UNAUTHENTICATED);
  v1::RefreshResponse ignored;
  CHECK(Refresh(f, owner.refresh_token, &ignored).error_code() == grpc::StatusCode::UNAUTHENTICATED);
}

TEST_CASE("lockout: repeated failures slow down, then lock the account for a while") {
  IdentityFixture f;
  Account owner = f.NewOrganisation();
  // Three free failures, then each needs a growing wait.
  for (int i = 0; i < 3; ++i) {
    CHECK(Login(f, owner.email, "wrong password").error_code() == grpc::StatusCode::UNAUTHENTICATED);
  }
  auto slowed = Login(f, owner.email, owner.password);
  CHECK(slowed.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
  CHECK(slowed.error_message().find("try again in 1 s") != std::string::npos);
  // Keep guessing, each time after the required wait, until the lock.
  for (int i = 3; i < 10; ++i) {
    f.clock().Advance(absl::Seconds(31));
    CHECK(Login(f, owner.email, "wrong password").error_code() == grpc::StatusCode::UNAUTHENTICATED);
  }
  f.clock().Advance(absl::Minutes(1));
  auto locked = Login(f, owner.email, owner.password);  // even the right password
  CHECK(locked.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
  CHECK(locked.error_message().find("this account is locked") != std::string::npos);
  f.clock().Advance(absl::Minutes(15));
  CHECK(Login(f, owner.email, owner.password).ok());
}

TEST_CASE("lockout: one address guessing across many accounts is locked out") {
  keyway::identity::IdentityConfig config;
  config.address_throttle = {.free_failures = 5, .lock_after = 8};
  IdentityFixture f(config);
  Account owner = f.NewOrganisation();
  for (int i = 0; i < 8; ++i) {
    // Different accounts each time: no account gets slowed down.
    CHECK(Login(f, "victim" + std::to_string(i) + "@example.com", "guess").error_code() !=
          grpc::StatusCode::OK);
    f.clock().Advance(absl::Seconds(31));
  }
  auto blocked = Login(f, owner.email, owner.password);
  CHECK(blocked.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
  CHECK(blocked.error_message().find("network address") != std::string::npos);
}

TEST_CASE("S10: concurrent wrong logins each count, first failures included, up to the lock") {
  keyway::identity::IdentityConfig config;
  config.account_throttle = {.free_failures = 50, .lock_after = 10};  // no delays: only the count
  IdentityFixture f(config);
  Account owner = f.NewOrganisation();
  std::vector<std::thread> guessers;
  std::atomic<int> refused_wrong{0}, refused_locked{0};
  for (int i = 0; i < 16; ++i) {
    guessers.emplace_back([&] {
      auto s = Login(f, owner.email, "wrong password");
      if (s.error_code() == grpc::StatusCode::UNAUTHENTICATED) ++refused_wrong;
      if (s.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) ++refused_locked;
    });
  }
  for (auto& t : guessers) t.join();
  // Exactly ten were tried; the rest met the lock.
  CHECK(refused_wrong.load() == 10);
  CHECK(refused_locked.load() == 6);
  CHECK(f.Count("SELECT failures FROM login_throttle WHERE key = lower('account:" + owner.email + "')") == 10);
  CHECK(Login(f, owner.email, owner.password).error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST_CASE("S10: a login that succeeds takes back its provisional count from the address") {
  IdentityFixture f;
  Account owner = f.NewOrganisation();
  REQUIRE(Login(f, owner.email, owner.password).ok());
  REQUIRE(Login(f, owner.email, owner.password).ok());
  CHECK(f.Count("SELECT coalesce(sum(failures), 0) FROM login_throttle WHERE key LIKE 'address:%'") == 0);
  CHECK(f.Count("SELECT count(*) FROM login_throttle WHERE key = lower('account:" + owner.email + "')") == 0);
}

TEST_CASE("S10: behind a trusted load balancer, one client guessing locks out its own address only") {
  keyway::identity::IdentityConfig config;
  config.address_throttle = {.free_failures = 5, .lock_after = 8};
  IdentityFixture f(config);
  Account owner = f.NewOrganisation();
  auto login_from = [&](const std::string& client, const std::string& email,
                        const std::string& password) {
    v1::LoginRequest req;
    req.set_email(email);
    req.set_password(password);
    v1::LoginResponse resp;
    auto ctx = f.Ctx();
    ctx->AddMetadata("x-forwarded-for", client + ", 127.0.0.1");
    return f.api().Login(ctx.get(), req, &resp);
  };
  for (int i = 0; i < 8; ++i) {
    CHECK(login_from("198.51.100.7", "victim" + std::to_string(i) + "@example.com", "guess")
              .error_code() == grpc::StatusCode::UNAUTHENTICATED);
    f.clock().Advance(absl::Seconds(31));
  }
  auto blocked = login_from("198.51.100.7", owner.email, owner.password);
  CHECK(blocked.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
  CHECK(blocked.error_message().find("network address") != std::string::npos);
  // Another client behind the same balancer is not locked out with it.
  CHECK(login_from("203.0.113.20", owner.email, owner.password).ok());
  CHECK(f.Count("SELECT count(*) FROM login_throttle WHERE key = 'address:198.51.100.7'") == 1);
}

TEST_CASE("U5: deactivation refuses every old token at once, reactivation restores login") {
  IdentityFixture f;
  Account owner = f.NewOrganisation();
  Account manager = f.AddMember(owner, v1::ROLE_MANAGER);
  v1::RefreshResponse refreshed;
  REQUIRE(Refresh(f, manager.refresh_token, &refreshed).ok());
  Account second_device = f.LogIn(manager.email, manager.password);

  v1::DeactivateUserRequest deactivate;
  deactivate.set_user_id(manager.user_id);
  v1::DeactivateUserResponse deactivated;
  REQUIRE(f.api().DeactivateUser(f.As(owner).get(), deactivate, &deactivated).ok());
  CHECK(deactivated.user().status() == v1::USER_STATUS_DEACTIVATED);

  // Every token of every session, still unexpired, is refused.
  for (const auto& token : {manager.access_token, refreshed.access_token(), second_device.access_token}) {
    CHECK(GetSelf(f, token, manager.user_id).error_code() == grpc::StatusCode::UNAUTHENTICATED);
  }
  v1::RefreshResponse ignored;
  CHECK(Refresh(f, refreshed.refresh_token(), &ignored).error_code() ==
        grpc::StatusCode::UNAUTHENTICATED);
  auto login = Login(f, manager.email, manager.password);
  CHECK(login.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(login.error_message().find("deactivated") != std::string::npos);
  // Published so that other services drop the user's Bluetooth keys.
  CHECK(f.EventsOf<v1::UserDeactivated>(manager.user_id).size() == 1);

  v1::ReactivateUserRequest reactivate;
  reactivate.set_user_id(manager.user_id);
  v1::ReactivateUserResponse reactivated;
  REQUIRE(f.api().ReactivateUser(f.As(owner).get(), reactivate, &reactivated).ok());
  CHECK(reactivated.user().status() == v1::USER_STATUS_ACTIVE);
  CHECK(Login(f, manager.email, manager.password).ok());
  // The old sessions stay dead.
  CHECK(GetSelf(f, second_device.access_token, manager.user_id).error_code() ==
        grpc::StatusCode::UNAUTHENTICATED);
  CHECK(f.EventsOf<v1::UserReactivated>(manager.user_id).size() == 1);
}

TEST_CASE("U5: the Owner and oneself cannot be deactivated") {
  IdentityFixture f;
  Account owner = f.NewOrganisation();
  Account admin = f.AddMember(owner, v1::ROLE_ADMIN);
  v1::DeactivateUserRequest req;
  v1::DeactivateUserResponse resp;
  req.set_user_id(owner.user_id);
  CHECK(f.api().DeactivateUser(f.As(admin).get(), req, &resp).error_message() ==
        "the Owner cannot be deactivated");
  req.set_user_id(admin.user_id);
  CHECK(f.api().DeactivateUser(f.As(admin).get(), req, &resp).error_message() ==
        "you cannot deactivate yourself");
}

TEST_CASE("U4: a role change takes effect at once and is published") {
  IdentityFixture f;
  Account owner = f.NewOrganisation();
  Account admin = f.AddMember(owner, v1::ROLE_ADMIN);
  v1::UpdateUserRequest update;
  update.mutable_user()->set_id(admin.user_id);
  update.mutable_user()->set_role(v1::ROLE_MANAGER);
  update.mutable_update_mask()->add_paths("role");
  v1::UpdateUserResponse updated;
  REQUIRE(f.api().UpdateUser(f.As(owner).get(), update, &updated).ok());
  CHECK(updated.user().role() == v1::ROLE_MANAGER);
  // The same, still valid token now acts as a Manager.
  v1::ListAuditEventsResponse audit;
  CHECK(f.api().ListAuditEvents(f.As(admin).get(), {}, &audit).error_code() ==
        grpc::StatusCode::PERMISSION_DENIED);
  auto changes = f.EventsOf<v1::UserRoleChanged>(admin.user_id);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].old_role() == v1::ROLE_ADMIN);
  CHECK(changes[0].new_role() == v1::ROLE_MANAGER);
  // The Owner's role never changes.
  update.mutable_user()->set_id(owner.user_id);
  update.mutable_user()->set_role(v1::ROLE_ADMIN);
  CHECK(f.api().UpdateUser(f.As(owner).get(), update, &updated).error_code() ==
        grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_CASE("U4: phone verification by SMS code, 5 attempts, 10 minutes, and a new number is unverified") {
  IdentityFixture f;
  Account owner = f.NewOrganisation();
  Account user = f.AddMember(owner, v1::ROLE_LOCK_USER);
  v1::StartPhoneVerificationResponse started;
  auto no_mobile = f.api().StartPhoneVerification(f.As(user).get(), {}, &started);
  CHECK(no_mobile.error_code() == grpc::StatusCode::FAILED_PRECONDITION);

  v1::UpdateUserRequest update;
  update.mutable_user()->set_id(user.user_id);
  update.mutable_user()->set_mobile("+14155552671");
  update.mutable_update_mask()->add_paths("mobile");
  v1::UpdateUserResponse updated;
  REQUIRE(f.api().UpdateUser(f.As(owner).get(), update, &updated).ok());
  CHECK_FALSE(updated.user().mobile_verified());

  REQUIRE(f.api().StartPhoneVerification(f.As(user).get(), {}, &started).ok());
  CHECK(started.expire_time().seconds() == absl::ToUnixSeconds(f.clock().Now() + absl::Minutes(10)));
  auto sms = f.EventsOf<v1::PhoneVerificationRequested>(user.user_id);
  REQUIRE(sms.size() == 1);
  CHECK(sms[0].mobile() == "+14155552671");
  std::string code = keyway::testing::Unsealed(sms[0].sealed_code());
  REQUIRE(code.size() == 6);
  CHECK(sms[0].sealed_code().find(code) == std::string::npos);  // K4: only notify reads it
  std::string wrong = code == "123456" ? "654321" : "123456";

  v1::VerifyPhoneRequest verify;
  v1::VerifyPhoneResponse verified;
  verify.set_code("12ab56");
  CHECK(f.api().VerifyPhone(f.As(user).get(), verify, &verified).error_code() ==
        grpc::StatusCode::INVALID_ARGUMENT);
  verify.set_code(wrong);
  for (int left = 4; left >= 1; --left) {
    auto miss = f.api().VerifyPhone(f.As(user).get(), verify, &verified);
    CHECK(miss.error_message() == "wrong code: " + std::to_string(left) + " attempt" +
                                      (left == 1 ? "" : "s") + " left");
  }
  CHECK(f.api().VerifyPhone(f.As(user).get(), verify, &verified).error_code() ==
        grpc::StatusCode::INVALID_ARGUMENT);
  verify.set_code(code);  // the right code, too late: 5 attempts used
  CHECK(f.api().VerifyPhone(f.As(user).get(), verify, &verified).error_message() ==
        "too many wrong codes: ask for a new one");

  f.clock().Advance(absl::Seconds(31));
  REQUIRE(f.api().StartPhoneVerification(f.As(user).get(), {}, &started).ok());
  code = keyway::testing::Unsealed(
      f.EventsOf<v1::PhoneVerificationRequested>(user.user_id, 2).back().sealed_code());
  f.clock().Advance(absl::Minutes(10));
  user = f.LogIn(user.email, user.password);  // the access token expired meanwhile
  owner = f.LogIn(owner.email, owner.password);
  verify.set_code(code);
  CHECK(f.api().VerifyPhone(f.As(user).get(), verify, &verified).error_message() ==
        "the code has expired: ask for a new one");

  REQUIRE(f.api().StartPhoneVerification(f.As(user).get(), {}, &started).ok());
  code = keyway::testing::Unsealed(
      f.EventsOf<v1::PhoneVerificationRequested>(user.user_id, 3).back().sealed_code());
  verify.set_code(code);
  REQUIRE(f.api().VerifyPhone(f.As(user).get(), verify, &verified).ok());
  CHECK(verified.user().mobile_verified());
  CHECK(f.EventsOf<v1::UserMobileVerified>(user.user_id).size() == 1);

  // U4: a changed number must be verified again.
  update.mutable_user()->set_mobile("+33612345678");
  REQUIRE(f.api().UpdateUser(f.As(owner).get(), update, &updated).ok());
  CHECK_FALSE(updated.user().mobile_verified());
  CHECK(f.EventsOf<v1::UserMobileChanged>(user.user_id, 2).size() == 2);
}
