// A2, A3, A13, K1, K4, O5, O6 for Remote PINs, across identity, org and
// access, with the lock model checking each PIN the service issues.
#include "access_fixture.h"

using namespace keyway::access::testing;


TEST_CASE("A2: a Remote PIN made by the service opens the lock in its window only") {
  AccessFixture f;
  auto& clock = f.org.identity().clock();
  Account owner = f.org.NewOrganisation();
  std::string lock_id = f.org.PairLock(owner, {f.org.CreateProperty(owner, "House")});
  auto provisioned = f.Provision(owner, lock_id);
  CHECK(provisioned.secret().size() == 32);
  auto lock = f.LockFor(lock_id, provisioned);

  absl::Time start = NextHour(clock);
  av1::CreateRemotePinResponse made;
  REQUIRE(f.CreatePin(owner, lock_id, av1::PIN_KIND_DURATION, start, start + absl::Hours(4), &made).ok());
  CHECK(made.pin().size() == 10);
  CHECK(made.access().status() == av1::ACCESS_STATUS_ACTIVE);
  CHECK(made.access().end_time().seconds() == absl::ToUnixSeconds(start + absl::Hours(4)));
  clock.Set(start - absl::Minutes(30));
  CHECK(lock.TypePin(made.pin()) == keyway::lockmodel::Outcome::kRefused);
  clock.Set(start + absl::Minutes(1));
  CHECK(lock.TypePin(made.pin()) == keyway::lockmodel::Outcome::kOpened);
  clock.Set(start + absl::Hours(4));
  CHECK(lock.TypePin(made.pin()) == keyway::lockmodel::Outcome::kRefused);
}

TEST_CASE("K4: a lock's secret is shown once, and PIN digits are never kept or listed") {
  AccessFixture f;
  Account owner = f.org.NewOrganisation();
  std::string lock_id = f.org.PairLock(owner, {f.org.CreateProperty(owner, "House")});
  auto provisioned = f.Provision(owner, lock_id);
  av1::ProvisionLockRequest again;
  again.set_lock_id(lock_id);
  av1::ProvisionLockResponse second;
  auto refused = f.api->ProvisionLock(f.org.As(owner).get(), again, &second);
  CHECK(refused.error_code() == Code::FAILED_PRECONDITION);
  CHECK(second.secret().empty());
  // The secret is sealed at rest.
  CHECK(f.Count("SELECT count(*) FROM lock_secrets WHERE position(decode('" +
                keyway::core::HexEncode(provisioned.secret()) + "', 'hex') in sealed_secret) > 0") == 0);

  absl::Time start = NextHour(f.org.identity().clock());
  av1::CreateRemotePinResponse made, replay;
  REQUIRE(f.CreatePin(owner, lock_id, av1::PIN_KIND_ONE_TIME, start, {}, &made, "pin-req-1").ok());
  // K1: the same request again gives the same access, without the digits.
  REQUIRE(f.CreatePin(owner, lock_id, av1::PIN_KIND_ONE_TIME, start, {}, &replay, "pin-req-1").ok());
  CHECK(replay.access().id() == made.access().id());
  CHECK(replay.pin().empty());
  CHECK(f.Count("SELECT count(*) FROM accesses") == 1);
  CHECK(f.Count("SELECT count(*) FROM idempotency_keys WHERE position('" + made.pin() +
                "'::bytea in response) > 0") == 0);
  av1::ListAccessesResponse listed;
  REQUIRE(f.api->ListAccesses(f.org.As(owner).get(), {}, &listed).ok());
  REQUIRE(listed.accesses_size() == 1);
  CHECK(listed.accesses(0).DebugString().find(made.pin()) == std::string::npos);
}

TEST_CASE("A3: a Remote PIN cannot start in the past or more than 14 days ahead, and nothing is made") {
  AccessFixture f;
  auto& clock = f.org.identity().clock();
  Account owner = f.org.NewOrganisation();
  std::string lock_id = f.org.PairLock(owner, {f.org.CreateProperty(owner, "House")});
  f.Provision(owner, lock_id);
  av1::CreateRemotePinResponse out;
  auto past = f.CreatePin(owner, lock_id, av1::PIN_KIND_ONE_TIME, NextHour(clock) - absl::Hours(3), {}, &out);
  CHECK(past.error_code() == Code::INVALID_ARGUMENT);
  CHECK(past.error_message().find("(A3)") != std::string::npos);
  auto far = f.CreatePin(owner, lock_id, av1::PIN_KIND_ONE_TIME,
                         NextHour(clock) + absl::Hours(24 * 15), {}, &out);
  CHECK(far.error_message().find("14 days") != std::string::npos);
  auto no_end = f.CreatePin(owner, lock_id, av1::PIN_KIND_DURATION, NextHour(clock), {}, &out);
  CHECK(no_end.error_message() == "a duration PIN needs an end_time");
  CHECK(f.Count("SELECT count(*) FROM accesses") == 0);
}

TEST_CASE("S1: a Remote PIN whose name is not UTF-8 is INVALID_ARGUMENT, and nothing is made") {
  AccessFixture f;
  auto& clock = f.org.identity().clock();
  Account owner = f.org.NewOrganisation();
  std::string lock_id = f.org.PairLock(owner, {f.org.CreateProperty(owner, "House")});
  f.Provision(owner, lock_id);
  av1::CreateRemotePinRequest req;
  req.set_lock_id(lock_id);
  req.set_kind(av1::PIN_KIND_ONE_TIME);
  req.mutable_start_time()->set_seconds(absl::ToUnixSeconds(NextHour(clock)));
  req.set_name(std::string("Plomb\xe9", 6));
  av1::CreateRemotePinResponse out;
  auto s = f.api->CreateRemotePin(f.org.As(owner).get(), req, &out);
  CHECK(s.error_code() == Code::INVALID_ARGUMENT);
  CHECK(s.error_message().find("keyway.access.v1.CreateRemotePinRequest") != std::string::npos);
  CHECK(f.Count("SELECT count(*) FROM accesses") == 0);
}

TEST_CASE("A13: a deleted Remote PIN is revoked at the lock, its twin keeps working") {
  AccessFixture f;
  auto& clock = f.org.identity().clock();
  Account owner = f.org.NewOrganisation();
  std::string lock_id = f.org.PairLock(owner, {f.org.CreateProperty(owner, "House")});
  auto lock = f.LockFor(lock_id, f.Provision(owner, lock_id));
  absl::Time start = NextHour(clock);
  av1::CreateRemotePinResponse a, b;
  REQUIRE(f.CreatePin(owner, lock_id, av1::PIN_KIND_DURATION, start, start + absl::Hours(8), &a).ok());
  REQUIRE(f.CreatePin(owner, lock_id, av1::PIN_KIND_DURATION, start, start + absl::Hours(8), &b).ok());
  CHECK(a.pin() != b.pin());  // the same window, different nonces
  av1::DeleteAccessRequest del;
  del.set_access_id(a.access().id());
  av1::DeleteAccessResponse deleted;
  REQUIRE(f.api->DeleteAccess(f.org.As(owner).get(), del, &deleted).ok());
  CHECK(deleted.access().status() == av1::ACCESS_STATUS_DELETED);
  // The revocation travels as an event; here it is applied to the lock as the job would.
  auto revoked = AwaitEvent<av1::LockJobRequested>(f.stream, [&](const av1::LockJobRequested& e) {
    return e.access_id() == a.access().id();
  });
  REQUIRE(revoked.has_value());
  CHECK(revoked->kind() == av1::LockJobRequested::KIND_REVOKE_REMOTE_PIN);
  CHECK(revoked->requested_by_user_id() == owner.user_id);
  keyway::lockmodel::Job job{revoked->job_id(), keyway::lockmodel::Job::Kind::kRevokeRemotePin,
                             {}, {absl::FromUnixSeconds(revoked->remote_pin_start_time().seconds()),
                                  revoked->remote_pin_length_index(),
                                  static_cast<uint32_t>(revoked->remote_pin_nonce())},
                             ""};
  REQUIRE(lock.Apply(job).ok());
  clock.Set(start + absl::Hours(1));
  CHECK(lock.TypePin(a.pin()) == keyway::lockmodel::Outcome::kRefused);
  CHECK(lock.TypePin(b.pin()) == keyway::lockmodel::Outcome::kOpened);
}

TEST_CASE("S7: only Owners and Admins take a lock's secret, not a Manager of its department") {
  AccessFixture f;
  Account owner = f.org.NewOrganisation();
  Account manager = f.org.AddMember(owner, idv1::ROLE_MANAGER);
  Account admin = f.org.AddMember(owner, idv1::ROLE_ADMIN);
  std::string property = f.org.CreateProperty(owner, "Mine");
  std::string lock = f.org.PairLock(owner, {property});
  f.org.CreateDepartment(owner, "Mine", {property}, {manager.user_id});
  manager = f.org.LogIn(manager);
  av1::ProvisionLockRequest req;
  req.set_lock_id(lock);
  av1::ProvisionLockResponse resp;
  grpc::Status s;
  for (int i = 0; i < 200; ++i) {  // until access has made the secret
    s = f.api->ProvisionLock(f.org.As(manager).get(), req, &resp);
    if (s.error_code() != Code::UNAVAILABLE) break;
    absl::SleepFor(absl::Milliseconds(25));
  }
  CHECK(s.error_code() == Code::PERMISSION_DENIED);
  CHECK(resp.secret().empty());
  CHECK(f.Count("SELECT count(*) FROM lock_secrets WHERE provisioned_at IS NOT NULL") == 0);
  // The Admin still can, once.
  CHECK_FALSE(f.Provision(admin, lock).secret().empty());
}

TEST_CASE("O4: O5: O6: Remote PINs follow org's lock scope") {
  AccessFixture f;
  Account owner = f.org.NewOrganisation();
  Account manager = f.org.AddMember(owner, idv1::ROLE_MANAGER);
  Account lock_user = f.org.AddMember(owner, idv1::ROLE_LOCK_USER);
  std::string mine = f.org.CreateProperty(owner, "Mine"), other = f.org.CreateProperty(owner, "Other");
  std::string my_lock = f.org.PairLock(owner, {mine}), other_lock = f.org.PairLock(owner, {other});
  f.org.CreateDepartment(owner, "Mine", {mine}, {manager.user_id});
  manager = f.org.LogIn(manager);
  Account stranger = f.org.NewOrganisation();
  f.Provision(owner, my_lock);
  f.Provision(owner, other_lock);
  absl::Time start = NextHour(f.org.identity().clock());
  av1::CreateRemotePinResponse out;
  CHECK(f.CreatePin(manager, my_lock, av1::PIN_KIND_ONE_TIME, start, {}, &out).ok());
  std::string manager_pin = out.access().id();
  CHECK(f.CreatePin(manager, other_lock, av1::PIN_KIND_ONE_TIME, start, {}, &out).error_code() ==
        Code::PERMISSION_DENIED);
  CHECK(f.CreatePin(lock_user, my_lock, av1::PIN_KIND_ONE_TIME, start, {}, &out).error_code() ==
        Code::PERMISSION_DENIED);
  CHECK(f.CreatePin(stranger, my_lock, av1::PIN_KIND_ONE_TIME, start, {}, &out).error_code() ==
        Code::NOT_FOUND);
  REQUIRE(f.CreatePin(owner, other_lock, av1::PIN_KIND_ONE_TIME, start, {}, &out).ok());
  std::string owner_pin = out.access().id();
  // Lists: the Owner sees both, the Manager their department's, a stranger none.
  av1::ListAccessesResponse listed;
  REQUIRE(f.api->ListAccesses(f.org.As(owner).get(), {}, &listed).ok());
  CHECK(listed.accesses_size() == 2);
  REQUIRE(f.api->ListAccesses(f.org.As(manager).get(), {}, &listed).ok());
  REQUIRE(listed.accesses_size() == 1);
  CHECK(listed.accesses(0).id() == manager_pin);
  REQUIRE(f.api->ListAccesses(f.org.As(stranger).get(), {}, &listed).ok());
  CHECK(listed.accesses_size() == 0);
  av1::GetAccessRequest get;
  get.set_access_id(owner_pin);
  av1::GetAccessResponse got;
  CHECK(f.api->GetAccess(f.org.As(manager).get(), get, &got).error_code() == Code::PERMISSION_DENIED);
  CHECK(f.api->GetAccess(f.org.As(stranger).get(), get, &got).error_code() == Code::NOT_FOUND);
  av1::DeleteAccessRequest del;
  del.set_access_id(owner_pin);
  av1::DeleteAccessResponse deleted;
  CHECK(f.api->DeleteAccess(f.org.As(stranger).get(), del, &deleted).error_code() == Code::NOT_FOUND);
  CHECK(f.Count("SELECT count(*) FROM accesses WHERE status = 'deleted'") == 0);
}

TEST_CASE("A15: accesses are listed newest first, by lock, page by page") {
  AccessFixture f;
  Account owner = f.org.NewOrganisation();
  std::string property = f.org.CreateProperty(owner, "House");
  std::string lock_a = f.org.PairLock(owner, {property}), lock_b = f.org.PairLock(owner, {property});
  f.Provision(owner, lock_a);
  f.Provision(owner, lock_b);
  absl::Time start = NextHour(f.org.identity().clock());
  std::vector<std::string> made;
  for (int i = 0; i < 5; ++i) {
    av1::CreateRemotePinResponse out;
    REQUIRE(f.CreatePin(owner, i % 2 ? lock_b : lock_a, av1::PIN_KIND_ONE_TIME, start, {}, &out).ok());
    made.push_back(out.access().id());
    f.org.identity().clock().Advance(absl::Seconds(1));  // distinct creation times
  }
  av1::ListAccessesRequest req;
  req.set_page_size(2);
  std::vector<std::string> seen;
  do {
    av1::ListAccessesResponse page;
    REQUIRE(f.api->ListAccesses(f.org.As(owner).get(), req, &page).ok());
    for (const auto& a : page.accesses()) seen.push_back(a.id());
    req.set_page_token(page.next_page_token());
  } while (!req.page_token().empty());
  CHECK(seen == std::vector<std::string>(made.rbegin(), made.rend()));
  av1::ListAccessesRequest by_lock;
  by_lock.set_lock_id(lock_b);
  av1::ListAccessesResponse b_only;
  REQUIRE(f.api->ListAccesses(f.org.As(owner).get(), by_lock, &b_only).ok());
  CHECK(b_only.accesses_size() == 2);
}

TEST_CASE("D5: org refuses to delete a department while access holds active PINs on its locks") {
  AccessFixture f;
  Account owner = f.org.NewOrganisation();
  std::string property = f.org.CreateProperty(owner, "House");
  std::string lock_id = f.org.PairLock(owner, {property});
  std::string department = f.org.CreateDepartment(owner, "Ops", {property});
  f.Provision(owner, lock_id);
  absl::Time start = NextHour(f.org.identity().clock());
  av1::CreateRemotePinResponse a, b;
  REQUIRE(f.CreatePin(owner, lock_id, av1::PIN_KIND_PERMANENT, start, {}, &a).ok());
  REQUIRE(f.CreatePin(owner, lock_id, av1::PIN_KIND_ONE_TIME, start, {}, &b).ok());
  keyway::org::v1::DeleteDepartmentRequest del;
  del.set_department_id(department);
  keyway::org::v1::DeleteDepartmentResponse out;
  auto refused = f.org.api().DeleteDepartment(f.org.As(owner).get(), del, &out);
  CHECK(refused.error_code() == Code::FAILED_PRECONDITION);
  CHECK(refused.error_message().find("still has 2 active PINs on 1 lock (D5)") != std::string::npos);
  for (const auto* made : {&a, &b}) {
    av1::DeleteAccessRequest remove;
    remove.set_access_id(made->access().id());
    av1::DeleteAccessResponse removed;
    REQUIRE(f.api->DeleteAccess(f.org.As(owner).get(), remove, &removed).ok());
  }
  CHECK(f.org.api().DeleteDepartment(f.org.As(owner).get(), del, &out).ok());
}

TEST_CASE("A4: a Remote PIN is shared with up to 10 email addresses or by SMS, with its digits") {
  AccessFixture f;
  Account owner = f.org.NewOrganisation();
  std::string lock_id = f.org.PairLock(owner, {f.org.CreateProperty(owner, "House")});
  f.Provision(owner, lock_id);
  absl::Time start = NextHour(f.org.identity().clock());
  av1::CreateRemotePinResponse made;
  REQUIRE(f.CreatePin(owner, lock_id, av1::PIN_KIND_DURATION, start, start + absl::Hours(5), &made).ok());
  av1::ShareRemotePinRequest share;
  share.set_access_id(made.access().id());
  share.add_emails("Guest@Example.com");
  share.add_emails("guest@example.com");  // the same address once
  share.add_emails("cleaner@example.com");
  share.set_mobile("+1 415 555 2671");
  av1::ShareRemotePinResponse shared;
  REQUIRE(f.api->ShareRemotePin(f.org.As(owner).get(), share, &shared).ok());
  CHECK(shared.message_count() == 3);
  auto event = AwaitEvent<av1::RemotePinShared>(
      f.stream, [&](const av1::RemotePinShared& e) { return e.access_id() == made.access().id(); });
  REQUIRE(event.has_value());
  // Made again from the payload (never stored), sealed for notify (K4).
  CHECK(keyway::testing::Unsealed(event->sealed_pin()) == made.pin());
  CHECK(event->SerializeAsString().find(made.pin()) == std::string::npos);
  CHECK(event->emails_size() == 2);
  CHECK(event->mobile() == "+14155552671");
  CHECK(event->end_time().seconds() == absl::ToUnixSeconds(start + absl::Hours(5)));

  av1::ShareRemotePinRequest too_many;
  too_many.set_access_id(made.access().id());
  for (int i = 0; i < 11; ++i) too_many.add_emails("r" + std::to_string(i) + "@example.com");
  auto refused = f.api->ShareRemotePin(f.org.As(owner).get(), too_many, &shared);
  CHECK(refused.error_code() == Code::INVALID_ARGUMENT);
  CHECK(refused.error_message().find("at most 10 email addresses (A4)") != std::string::npos);
  av1::ShareRemotePinRequest bad;
  bad.set_access_id(made.access().id());
  bad.add_emails("not-an-email");
  CHECK(f.api->ShareRemotePin(f.org.As(owner).get(), bad, &shared).error_code() == Code::INVALID_ARGUMENT);
  av1::ShareRemotePinRequest nobody;
  nobody.set_access_id(made.access().id());
  CHECK(f.api->ShareRemotePin(f.org.As(owner).get(), nobody, &shared).error_code() == Code::INVALID_ARGUMENT);

  av1::DeleteAccessRequest del;
  del.set_access_id(made.access().id());
  av1::DeleteAccessResponse deleted;
  REQUIRE(f.api->DeleteAccess(f.org.As(owner).get(), del, &deleted).ok());
  CHECK(f.api->ShareRemotePin(f.org.As(owner).get(), share, &shared).error_code() ==
        Code::FAILED_PRECONDITION);
}

TEST_CASE("S10: a Remote PIN's digits are shared by its creator, an Owner or an Admin only, a few times an hour") {
  AccessFixture f;
  Account owner = f.org.NewOrganisation();
  Account manager = f.org.AddMember(owner, idv1::ROLE_MANAGER);
  std::string property = f.org.CreateProperty(owner, "House");
  std::string lock_id = f.org.PairLock(owner, {property});
  f.org.CreateDepartment(owner, "House", {property}, {manager.user_id});
  manager = f.org.LogIn(manager);
  Account admin = f.org.AddMember(owner, idv1::ROLE_ADMIN);
  f.Provision(owner, lock_id);
  auto& clock = f.org.identity().clock();
  absl::Time start = NextHour(clock);
  av1::CreateRemotePinResponse owners, managers;
  REQUIRE(f.CreatePin(owner, lock_id, av1::PIN_KIND_PERMANENT, start, {}, &owners).ok());
  REQUIRE(f.CreatePin(manager, lock_id, av1::PIN_KIND_ONE_TIME, start, {}, &managers).ok());
  auto share = [&](const Account& by, const std::string& access_id) {
    av1::ShareRemotePinRequest req;
    req.set_access_id(access_id);
    req.add_emails("someone@example.com");
    av1::ShareRemotePinResponse resp;
    return f.api->ShareRemotePin(f.org.As(by).get(), req, &resp);
  };
  // The Manager sees the Owner's permanent PIN (same department) but may not send its digits.
  auto refused = share(manager, owners.access().id());
  CHECK(refused.error_code() == Code::PERMISSION_DENIED);
  CHECK(refused.error_message().find("creator, an Owner or an Admin") != std::string::npos);
  CHECK(f.Count("SELECT count(*) FROM pin_shares") == 0);
  // Their own, yes; the Admin, anyone's.
  CHECK(share(manager, managers.access().id()).ok());
  CHECK(share(admin, owners.access().id()).ok());
  // Five sendings of one PIN an hour, whoever sends.
  for (int i = 0; i < 4; ++i) CHECK(share(owner, owners.access().id()).ok());
  auto limited = share(owner, owners.access().id());
  CHECK(limited.error_code() == Code::RESOURCE_EXHAUSTED);
  CHECK(f.Count("SELECT count(*) FROM pin_shares WHERE access_id = '" + owners.access().id() + "'") == 5);
  clock.Set(clock.Now() + absl::Minutes(61));
  owner = f.org.LogIn(owner);
  CHECK(share(owner, owners.access().id()).ok());
}
