// The rpc library's server: authentication through the interceptor, its
// safety net, metrics, and the graceful shutdown.
#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <stdexcept>

#include <grpcpp/impl/codegen/client_unary_call.h>

#include "keyway/rpc/call.h"
#include "keyway/rpc/client.h"
#include "keyway/rpc/handler.h"
#include "keyway/rpc/server.h"
#include "keyway/rpctest/v1/echo.grpc.pb.h"

namespace {

namespace v1 = keyway::rpctest::v1;

class EchoService final : public v1::EchoService::Service {
 public:
  grpc::Status Echo(grpc::ServerContext* ctx, const v1::EchoRequest* req,
                    v1::EchoResponse* resp) override {
    return keyway::rpc::Handle(ctx, [&]() -> absl::Status {
      auto caller = keyway::rpc::CallerOf(ctx);
      if (!caller.ok()) return caller.status();
      ++in_handler;
      // Sleep in slices so that a cancelled call stops early.
      for (int waited = 0; waited < req->delay_ms() && !ctx->IsCancelled(); waited += 10) {
        absl::SleepFor(absl::Milliseconds(10));
      }
      if (ctx->IsCancelled()) return absl::CancelledError("cancelled");
      resp->set_user_id(caller->user_id);
      return absl::OkStatus();
    });
  }
  grpc::Status Careless(grpc::ServerContext*, const v1::CarelessRequest*,
                        v1::CarelessResponse*) override {
    return grpc::Status::OK;
  }
  grpc::Status Throw(grpc::ServerContext* ctx, const v1::ThrowRequest* req,
                     v1::ThrowResponse*) override {
    return keyway::rpc::Handle(ctx, [&]() -> absl::Status {
      if (req->not_std_exception()) throw 42;
      throw std::out_of_range("a bug deep inside");
    });
  }
  grpc::Status Operate(grpc::ServerContext* ctx, const v1::OperateRequest*,
                       v1::OperateResponse*) override {
    return keyway::rpc::Handle(ctx, [] { return absl::OkStatus(); });
  }
  grpc::Status Internal(grpc::ServerContext* ctx, const v1::InternalRequest*,
                        v1::InternalResponse* resp) override {
    return keyway::rpc::Handle(ctx, [&] {
      resp->set_caller(keyway::rpc::ServiceCallerOf(ctx));
      return absl::OkStatus();
    });
  }
  grpc::Status Open(grpc::ServerContext* ctx, const v1::OpenRequest*,
                    v1::OpenResponse* resp) override {
    return keyway::rpc::Handle(ctx, [&] {
      if (auto caller = keyway::rpc::CallerOf(ctx); caller.ok()) resp->set_user_id(caller->user_id);
      return absl::OkStatus();
    });
  }
  std::atomic<int> in_handler = 0;  // calls that reached the handler
};

// Accepts the token "good" as user-1; throws on "throw", as a buggy one might.
class FakeAuthenticator final : public keyway::rpc::Authenticator {
 public:
  absl::StatusOr<keyway::auth::Principal> Authenticate(const std::string& token) override {
    if (token == "throw") throw std::runtime_error("authenticator bug");
    if (token != "good") return absl::UnauthenticatedError("bad token");
    return keyway::auth::Principal{"user-1", "org-1", keyway::auth::Role::kAdmin, "s-1"};
  }
};

struct Fixture {
  Fixture() {
    keyway::rpc::ServerOptions options;
    options.metrics_address = "127.0.0.1:0";
    options.authenticator = &authenticator;
    options.credentials = *keyway::rpc::ServiceCredentials::Parse(
        "operator-secret", "gateway:" + keyway::rpc::CredentialDigest("gateway-secret") +
                               ",jobs:" + keyway::rpc::CredentialDigest("jobs-secret"));
    auto started = keyway::rpc::Server::Start(options, {{&service, "keyway.rpctest.v1.EchoService"}});
    REQUIRE(started.ok());
    server = std::move(*started);
    stub = v1::EchoService::NewStub(
        keyway::rpc::MakeChannel("127.0.0.1:" + std::to_string(server->port())));
  }
  grpc::Status Echo(int delay_ms, const std::string& token, v1::EchoResponse* resp = nullptr) {
    v1::EchoRequest req;
    req.set_delay_ms(delay_ms);
    v1::EchoResponse ignored;
    return stub->Echo(keyway::rpc::MakeContext(absl::Seconds(10), token).get(), req,
                      resp ? resp : &ignored);
  }
  EchoService service;
  FakeAuthenticator authenticator;
  std::unique_ptr<keyway::rpc::Server> server;
  std::unique_ptr<v1::EchoService::Stub> stub;
};

}  // namespace

TEST_CASE("the interceptor turns a bearer token into the call's principal") {
  Fixture f;
  v1::EchoResponse resp;
  REQUIRE(f.Echo(0, "good", &resp).ok());
  CHECK(resp.user_id() == "user-1");
  auto missing = f.Echo(0, "");
  CHECK(missing.error_code() == grpc::StatusCode::UNAUTHENTICATED);
  CHECK(missing.error_message().find("authorization: Bearer") != std::string::npos);
  CHECK(f.Echo(0, "bad").error_message() == "bad token");
}

TEST_CASE("a handler that answers OK without an authenticated caller is answered INTERNAL") {
  Fixture f;
  v1::CarelessResponse resp;
  auto s = f.stub->Careless(keyway::rpc::MakeContext(absl::Seconds(10)).get(), {}, &resp);
  CHECK(s.error_code() == grpc::StatusCode::INTERNAL);
}

TEST_CASE("calls in flight finish within the shutdown grace, later ones are cut off") {
  Fixture f;
  auto finishing = std::async(std::launch::async, [&] { return f.Echo(300, "good"); });
  for (int i = 0; i < 1000 && f.service.in_handler == 0; ++i) absl::SleepFor(absl::Milliseconds(10));
  REQUIRE(f.service.in_handler == 1);  // the call is in the handler
  f.server->Shutdown(absl::Seconds(5));
  CHECK(finishing.get().ok());

  Fixture g;
  auto cut = std::async(std::launch::async, [&] { return g.Echo(30'000, "good"); });
  for (int i = 0; i < 1000 && g.service.in_handler == 0; ++i) absl::SleepFor(absl::Milliseconds(10));
  REQUIRE(g.service.in_handler == 1);
  absl::Time start = absl::Now();
  g.server->Shutdown(absl::Milliseconds(200));
  CHECK(absl::Now() - start < absl::Seconds(10));  // bounded by the grace, not the call
  CHECK_FALSE(cut.get().ok());
}

TEST_CASE("metrics count calls per method and status code") {
  Fixture f;
  REQUIRE(f.Echo(0, "good").ok());
  REQUIRE_FALSE(f.Echo(0, "").ok());
  auto families = f.server->metrics().registry()->Collect();
  double ok = 0, unauthenticated = 0;
  for (const auto& family : families) {
    if (family.name != "grpc_server_handled_total") continue;
    for (const auto& metric : family.metric) {
      std::map<std::string, std::string> labels;
      for (const auto& l : metric.label) labels[l.name] = l.value;
      if (labels["grpc_method"] != "Echo") continue;
      if (labels["grpc_code"] == "OK") ok = metric.counter.value;
      if (labels["grpc_code"] == "UNAUTHENTICATED") unauthenticated = metric.counter.value;
    }
  }
  CHECK(ok == 1);
  CHECK(unauthenticated == 1);
}

TEST_CASE("S1: an exception in a handler is answered INTERNAL with the request id, and the server lives") {
  Fixture f;
  for (bool not_std : {false, true}) {
    v1::ThrowRequest req;
    req.set_not_std_exception(not_std);
    v1::ThrowResponse resp;
    auto ctx = keyway::rpc::MakeContext(absl::Seconds(10), "good");
    ctx->AddMetadata("x-request-id", "req-42");
    auto s = f.stub->Throw(ctx.get(), req, &resp);
    CHECK(s.error_code() == grpc::StatusCode::INTERNAL);
    CHECK(s.error_message().find("req-42") != std::string::npos);
    CHECK(s.error_message().find("a bug deep inside") == std::string::npos);  // nothing leaks
  }
  CHECK(f.Echo(0, "good").ok());
}

TEST_CASE("S1: an authenticator that throws makes the call UNAUTHENTICATED, not a crash") {
  Fixture f;
  auto s = f.Echo(0, "throw");
  CHECK(s.error_code() == grpc::StatusCode::UNAUTHENTICATED);
  CHECK(f.Echo(0, "good").ok());
}

TEST_CASE("S1: a string field that is not UTF-8 is INVALID_ARGUMENT naming the request type") {
  Fixture f;
  v1::EchoRequestAsBytes raw;
  raw.set_text(std::string("caf\xe9 \xff\xfe", 7));
  v1::EchoResponse resp;
  auto channel = keyway::rpc::MakeChannel("127.0.0.1:" + std::to_string(f.server->port()));
  grpc::internal::RpcMethod method("/keyway.rpctest.v1.EchoService/Echo",
                                   grpc::internal::RpcMethod::NORMAL_RPC);
  auto ctx = keyway::rpc::MakeContext(absl::Seconds(10), "good");
  auto s = grpc::internal::BlockingUnaryCall<v1::EchoRequestAsBytes, v1::EchoResponse>(
      channel.get(), method, ctx.get(), raw, &resp);
  CHECK(s.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(s.error_message().find("keyway.rpctest.v1.EchoRequest") != std::string::npos);
  CHECK(s.error_message().find("UTF-8") != std::string::npos);
  CHECK(f.service.in_handler == 0);
  // Valid UTF-8 in the same field is a normal call.
  raw.set_text("café");
  auto ctx2 = keyway::rpc::MakeContext(absl::Seconds(10), "good");
  CHECK(grpc::internal::BlockingUnaryCall<v1::EchoRequestAsBytes, v1::EchoResponse>(
            channel.get(), method, ctx2.get(), raw, &resp)
            .ok());
}

namespace {

template <typename Req, typename Resp, typename Call>
grpc::Status CallAs(Fixture& f, const std::string& token, Call call, Resp* resp = nullptr) {
  Resp ignored;
  return (f.stub.get()->*call)(keyway::rpc::MakeContext(absl::Seconds(10), token).get(), Req(),
                               resp ? resp : &ignored);
}

}  // namespace

TEST_CASE("S3: each method admits exactly the callers its proto declares") {
  Fixture f;
  using S = v1::EchoService::Stub;
  // Operator only.
  CHECK(CallAs<v1::OperateRequest, v1::OperateResponse>(f, "operator-secret", &S::Operate).ok());
  CHECK(CallAs<v1::OperateRequest, v1::OperateResponse>(f, "good", &S::Operate).error_code() ==
        grpc::StatusCode::UNAUTHENTICATED);
  auto service_there = CallAs<v1::OperateRequest, v1::OperateResponse>(f, "gateway-secret", &S::Operate);
  CHECK(service_there.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(service_there.error_message().find("the gateway service may not call Operate") !=
        std::string::npos);
  CHECK(CallAs<v1::OperateRequest, v1::OperateResponse>(f, "", &S::Operate).error_code() ==
        grpc::StatusCode::UNAUTHENTICATED);
  // The gateway only, and the handler knows it was the gateway.
  v1::InternalResponse internal;
  REQUIRE(CallAs<v1::InternalRequest, v1::InternalResponse>(f, "gateway-secret", &S::Internal,
                                                            &internal)
              .ok());
  CHECK(internal.caller() == "gateway");
  CHECK(CallAs<v1::InternalRequest, v1::InternalResponse>(f, "jobs-secret", &S::Internal)
            .error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(CallAs<v1::InternalRequest, v1::InternalResponse>(f, "operator-secret", &S::Internal)
            .error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(CallAs<v1::InternalRequest, v1::InternalResponse>(f, "good", &S::Internal).error_code() ==
        grpc::StatusCode::UNAUTHENTICATED);
  // Open to anyone; a valid access token is still read, a bad one ignored.
  v1::OpenResponse open;
  CHECK(CallAs<v1::OpenRequest, v1::OpenResponse>(f, "", &S::Open, &open).ok());
  CHECK(open.user_id().empty());
  CHECK(CallAs<v1::OpenRequest, v1::OpenResponse>(f, "good", &S::Open, &open).ok());
  CHECK(open.user_id() == "user-1");
  CHECK(CallAs<v1::OpenRequest, v1::OpenResponse>(f, "bad", &S::Open, &open).ok());
  // People only: a service credential is not a person.
  CHECK(f.Echo(0, "gateway-secret").error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(f.service.in_handler == 0);
}

TEST_CASE("S3: a service with a method that declares no callers is not served") {
  class Undeclared final : public v1::UndeclaredService::Service {} undeclared;
  auto started =
      keyway::rpc::Server::Start({}, {{&undeclared, "keyway.rpctest.v1.UndeclaredService"}});
  CHECK(started.status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK(started.status().message().find("/keyway.rpctest.v1.UndeclaredService/Forgotten") !=
        std::string::npos);
}

TEST_CASE("S3: the roles a method declares are the only ones it admits") {
  keyway::rpc::DeclaredCallers admins;
  admins.roles = {keyway::auth::Role::kOwner, keyway::auth::Role::kAdmin};
  class As final : public keyway::rpc::Authenticator {
   public:
    absl::StatusOr<keyway::auth::Principal> Authenticate(const std::string& token) override {
      return keyway::auth::Principal{"u", "o", *keyway::auth::RoleFromName(token), "s"};
    }
  } as;
  keyway::rpc::ServiceCredentials none;
  auto manager = keyway::rpc::Admit("/p.S/Invite", admins, "manager", none, &as);
  CHECK(manager.status.code() == absl::StatusCode::kPermissionDenied);
  CHECK(manager.status.message() == "only Owner or Admin may call Invite; you are Manager");
  CHECK(keyway::rpc::Admit("/p.S/Invite", admins, "admin", none, &as).status.ok());
  CHECK(keyway::rpc::Admit("/p.S/Invite", admins, "", none, &as).status.code() ==
        absl::StatusCode::kUnauthenticated);
}
