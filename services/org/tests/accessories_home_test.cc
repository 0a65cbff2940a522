// L7 and O7 on real identity and org services.
#include "org_fixture.h"

using namespace keyway::org::testing;

namespace {

grpc::Status CreateAccessory(OrgFixture& f, const Account& by, v1::AccessoryKind kind,
                             const std::string& serial, const std::vector<std::string>& locks,
                             v1::CreateAccessoryResponse* out = nullptr) {
  v1::CreateAccessoryRequest req;
  req.set_kind(kind);
  req.set_serial_number(serial);
  req.set_name("Hall " + serial);
  for (const auto& l : locks) req.add_lock_ids(l);
  v1::CreateAccessoryResponse ignored;
  return f.api().CreateAccessory(f.As(by).get(), req, out ? out : &ignored);
}

}  // namespace

TEST_CASE("L7: accessories are linked to locks, and the lock list shows them (L1)") {
  OrgFixture f;
  Account owner = f.NewOrganisation();
  std::string property = f.CreateProperty(owner, "Tower");
  std::string lock_a = f.PairLock(owner, {property});
  std::string lock_b = f.PairLock(owner, {property});
  v1::CreateAccessoryResponse bridge;
  REQUIRE(CreateAccessory(f, owner, v1::ACCESSORY_KIND_BRIDGE, "BR-1", {lock_a, lock_b}, &bridge).ok());
  CHECK(bridge.accessory().kind() == v1::ACCESSORY_KIND_BRIDGE);
  CHECK(bridge.accessory().lock_ids_size() == 2);
  CHECK_FALSE(bridge.accessory().online());  // until the gateway says so
  REQUIRE(CreateAccessory(f, owner, v1::ACCESSORY_KIND_KEYPAD, "KP-1", {lock_a}).ok());
  REQUIRE(CreateAccessory(f, owner, v1::ACCESSORY_KIND_KEYFOB, "KF-1", {}).ok());
  auto again = CreateAccessory(f, owner, v1::ACCESSORY_KIND_BRIDGE, "BR-1", {});
  CHECK(again.error_code() == grpc::StatusCode::ALREADY_EXISTS);

  v1::GetLockRequest get;
  get.set_lock_id(lock_a);
  v1::GetLockResponse got;
  REQUIRE(f.api().GetLock(f.As(owner).get(), get, &got).ok());
  CHECK(got.lock().accessory_ids_size() == 2);

  v1::ListAccessoriesRequest bridges;
  bridges.set_kind(v1::ACCESSORY_KIND_BRIDGE);
  v1::ListAccessoriesResponse listed;
  REQUIRE(f.api().ListAccessories(f.As(owner).get(), bridges, &listed).ok());
  REQUIRE(listed.accessories_size() == 1);
  CHECK(listed.accessories(0).serial_number() == "BR-1");

  v1::UpdateAccessoryRequest relink;
  relink.mutable_accessory()->set_id(bridge.accessory().id());
  relink.mutable_accessory()->add_lock_ids(lock_b);
  relink.mutable_update_mask()->add_paths("lock_ids");
  v1::UpdateAccessoryResponse relinked;
  REQUIRE(f.api().UpdateAccessory(f.As(owner).get(), relink, &relinked).ok());
  CHECK(relinked.accessory().lock_ids_size() == 1);
  relink.mutable_accessory()->set_lock_ids(0, "6f1c1f5e-9d1b-4a51-8c1e-2b8f0c1d2e3f");
  CHECK(f.api().UpdateAccessory(f.As(owner).get(), relink, &relinked).error_code() ==
        grpc::StatusCode::NOT_FOUND);

  v1::DeleteAccessoryRequest del;
  del.set_accessory_id(bridge.accessory().id());
  v1::DeleteAccessoryResponse deleted;
  REQUIRE(f.api().DeleteAccessory(f.As(owner).get(), del, &deleted).ok());
  CHECK(f.Count("SELECT count(*) FROM accessories") == 2);
}

TEST_CASE("L7: O4: O6: accessories follow their locks' scope") {
  OrgFixture f;
  Account owner = f.NewOrganisation();
  Account manager = f.AddMember(owner, idv1::ROLE_MANAGER);
  std::string mine = f.CreateProperty(owner, "Mine");
  std::string theirs = f.CreateProperty(owner, "Theirs");
  std::string my_lock = f.PairLock(owner, {mine});
  std::string their_lock = f.PairLock(owner, {theirs});
  f.CreateDepartment(owner, "Mine", {mine}, {manager.user_id});
  manager = f.LogIn(manager);
  CHECK(CreateAccessory(f, manager, v1::ACCESSORY_KIND_BRIDGE, "BR-M", {my_lock}).ok());
  CHECK(CreateAccessory(f, manager, v1::ACCESSORY_KIND_BRIDGE, "BR-T", {their_lock}).error_code() ==
        grpc::StatusCode::PERMISSION_DENIED);
  v1::CreateAccessoryResponse owners;
  REQUIRE(CreateAccessory(f, owner, v1::ACCESSORY_KIND_KEYPAD, "KP-T", {their_lock}, &owners).ok());
  v1::ListAccessoriesResponse seen;
  REQUIRE(f.api().ListAccessories(f.As(manager).get(), {}, &seen).ok());
  REQUIRE(seen.accessories_size() == 1);
  CHECK(seen.accessories(0).serial_number() == "BR-M");
  v1::GetAccessoryRequest get;
  get.set_accessory_id(owners.accessory().id());
  v1::GetAccessoryResponse got;
  CHECK(f.api().GetAccessory(f.As(manager).get(), get, &got).error_code() ==
        grpc::StatusCode::PERMISSION_DENIED);
  Account stranger = f.NewOrganisation();
  CHECK(f.api().GetAccessory(f.As(stranger).get(), get, &got).error_code() ==
        grpc::StatusCode::NOT_FOUND);
}

TEST_CASE("O7: the home summary counts what the caller sees") {
  OrgFixture f;
  Account owner = f.NewOrganisation();
  Account manager = f.AddMember(owner, idv1::ROLE_MANAGER);
  Account lock_user = f.AddMember(owner, idv1::ROLE_LOCK_USER);
  std::string mine = f.CreateProperty(owner, "Mine");
  std::string other = f.CreateProperty(owner, "Other");
  f.PairLock(owner, {mine});
  f.PairLock(owner, {other});
  f.PairLock(owner, {other});
  f.CreateDepartment(owner, "Mine", {mine}, {manager.user_id});
  manager = f.LogIn(manager);
  v1::GetHomeSummaryResponse summary;
  REQUIRE(f.api().GetHomeSummary(f.As(owner).get(), {}, &summary).ok());
  CHECK(summary.property_count() == 2);
  CHECK(summary.lock_count() == 3);
  CHECK(summary.user_count() == 3);
  REQUIRE(f.api().GetHomeSummary(f.As(manager).get(), {}, &summary).ok());
  CHECK(summary.property_count() == 1);
  CHECK(summary.lock_count() == 1);
  CHECK(summary.user_count() == 3);
  REQUIRE(f.api().GetHomeSummary(f.As(lock_user).get(), {}, &summary).ok());
  CHECK(summary.property_count() == 0);
  CHECK(summary.lock_count() == 0);
  CHECK(summary.user_count() == 1);  // O5: only themself
}

TEST_CASE("O7: each user's widget layout is stored and returned, per user") {
  OrgFixture f;
  Account owner = f.NewOrganisation();
  Account admin = f.AddMember(owner, idv1::ROLE_ADMIN);
  v1::GetWidgetLayoutResponse layout;
  REQUIRE(f.api().GetWidgetLayout(f.As(owner).get(), {}, &layout).ok());
  CHECK(layout.widgets_size() == 2);  // the default
  v1::UpdateWidgetLayoutRequest update;
  update.add_widgets(v1::WIDGET_KIND_MAP);
  update.add_widgets(v1::WIDGET_KIND_LOW_BATTERY);
  update.add_widgets(v1::WIDGET_KIND_LOCK_LIST);
  v1::UpdateWidgetLayoutResponse saved;
  REQUIRE(f.api().UpdateWidgetLayout(f.As(owner).get(), update, &saved).ok());
  REQUIRE(f.api().GetWidgetLayout(f.As(owner).get(), {}, &layout).ok());
  REQUIRE(layout.widgets_size() == 3);
  CHECK(layout.widgets(0) == v1::WIDGET_KIND_MAP);
  CHECK(layout.widgets(2) == v1::WIDGET_KIND_LOCK_LIST);
  REQUIRE(f.api().GetWidgetLayout(f.As(admin).get(), {}, &layout).ok());
  CHECK(layout.widgets_size() == 2);  // someone else's stays the default
  update.add_widgets(v1::WIDGET_KIND_MAP);
  auto twice = f.api().UpdateWidgetLayout(f.As(owner).get(), update, &saved);
  CHECK(twice.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(twice.error_message().find("appears twice") != std::string::npos);
  v1::UpdateWidgetLayoutRequest unknown;
  unknown.add_widgets(static_cast<v1::WidgetKind>(99));
  CHECK(f.api().UpdateWidgetLayout(f.As(owner).get(), unknown, &saved).error_code() ==
        grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_CASE("L7: K4: a Bridge gets its credential once, which only the gateway can check") {
  OrgFixture f;
  Account owner = f.NewOrganisation();
  std::string lock = f.PairLock(owner, {f.CreateProperty(owner, "Tower")});
  v1::CreateAccessoryRequest req;
  req.set_kind(v1::ACCESSORY_KIND_BRIDGE);
  req.set_serial_number("BR-77");
  req.set_name("Hall bridge");
  req.add_lock_ids(lock);
  req.set_request_id("bridge-1");
  v1::CreateAccessoryResponse made;
  REQUIRE(f.api().CreateAccessory(f.As(owner).get(), req, &made).ok());
  const std::string credential = made.bridge_credential();
  REQUIRE(credential.rfind(made.accessory().id() + ".", 0) == 0);
  const std::string secret = credential.substr(credential.find('.') + 1);
  CHECK(secret.size() >= 32);

  auto authenticate = [&](const std::string& presented, const std::string& token,
                          v1::AuthenticateBridgeResponse* out) {
    v1::AuthenticateBridgeRequest auth;
    auth.set_bridge_credential(presented);
    return f.internal_api().AuthenticateBridge(f.identity().Ctx(token).get(), auth, out);
  };
  v1::AuthenticateBridgeResponse who;
  REQUIRE(authenticate(credential, f.gateway_token(), &who).ok());
  CHECK(who.bridge_id() == made.accessory().id());
  CHECK(who.organisation_id() == owner.organisation_id);
  CHECK(std::vector<std::string>(who.lock_ids().begin(), who.lock_ids().end()) ==
        std::vector<std::string>{lock});
  // Only the gateway asks; a wrong or malformed credential is refused alike.
  CHECK(authenticate(credential, owner.access_token, &who).error_code() == grpc::StatusCode::UNAUTHENTICATED);
  for (const std::string& bad : {made.accessory().id() + ".wrong", std::string("no-dot"), std::string(""),
                                 keyway::core::NewUuid() + "." + secret}) {
    INFO(bad);
    CHECK(authenticate(bad, f.gateway_token(), &who).error_code() == grpc::StatusCode::UNAUTHENTICATED);
  }

  // K4: a replay of the create does not show it again, nor does anything else.
  v1::CreateAccessoryResponse replay;
  REQUIRE(f.api().CreateAccessory(f.As(owner).get(), req, &replay).ok());
  CHECK(replay.accessory().id() == made.accessory().id());
  CHECK(replay.bridge_credential().empty());
  v1::GetAccessoryRequest get;
  get.set_accessory_id(made.accessory().id());
  v1::GetAccessoryResponse got;
  REQUIRE(f.api().GetAccessory(f.As(owner).get(), get, &got).ok());
  CHECK(got.SerializeAsString().find(secret) == std::string::npos);
  CHECK(f.Count("SELECT count(*) FROM accessories WHERE credential_hash = '" + secret + "'") == 0);
  CHECK(f.Count("SELECT count(*) FROM idempotency_keys WHERE position('" + secret +
                "' IN encode(response, 'escape')) > 0") == 0);
  // A Keypad has no session, so no credential.
  v1::CreateAccessoryResponse keypad;
  REQUIRE(CreateAccessory(f, owner, v1::ACCESSORY_KIND_KEYPAD, "KP-77", {lock}, &keypad).ok());
  CHECK(keypad.bridge_credential().empty());
}
