// The real keyway-identity binary, started as a process and spoken to over a
// socket: health, reflection (what grpcurl and buf curl use), a login,
// metrics, its logs, and a clean exit on SIGTERM.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <grpcpp/grpcpp.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include <google/protobuf/descriptor.pb.h>

#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "keyway/core/encoding.h"
#include "keyway/core/hash.h"
#include "keyway/core/random.h"
#include "keyway/identity/v1/identity_service.grpc.pb.h"
#include "keyway/testing/credentials.h"
#include "keyway/testing/testenv.h"

extern char** environ;

namespace {

namespace v1 = keyway::identity::v1;
namespace refl = grpc::reflection::v1alpha;

std::string HttpGet(int port, const std::string& path) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return "";
  }
  std::string request = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
  (void)!write(fd, request.data(), request.size());
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, n);
  close(fd);
  return out;
}

// The binary as a child process with its configuration in KEYWAY_* variables.
class IdentityProcess {
 public:
  IdentityProcess(const std::string& db, int redis_port, const std::string& org_credential)
      : grpc_port_(keyway::testing::FreePort()), metrics_port_(keyway::testing::FreePort()),
        log_path_("/tmp/" + keyway::testing::UniqueName("identity-log") + ".log") {
    std::vector<std::string> env = {
        "KEYWAY_DB=" + db,
        "KEYWAY_LISTEN=127.0.0.1:" + std::to_string(grpc_port_),
        "KEYWAY_METRICS_LISTEN=127.0.0.1:" + std::to_string(metrics_port_),
        "KEYWAY_REDIS_PORT=" + std::to_string(redis_port),
        "KEYWAY_STREAM_PREFIX=" + keyway::testing::UniqueName("bin") + ".",
        "KEYWAY_KEY_ENCRYPTION_KEY=" + keyway::core::Base64UrlEncode(keyway::core::RandomBytes(32)),
        "KEYWAY_NOTIFY_PUBLIC_KEY=" + keyway::core::Base64UrlEncode(keyway::testing::NotifyKeys().public_key),
        "KEYWAY_SERVICE_CALLERS=org:" + keyway::core::Sha256Hex(org_credential)};
    std::vector<char*> envp;
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    pid_ = fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      // Dies with the test, whatever happens to it; and keeps ctest's pipes
      // free so that ctest never waits on an orphan.
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      int log = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int null = open("/dev/null", O_RDWR);
      dup2(null, STDIN_FILENO);
      dup2(null, STDOUT_FILENO);
      dup2(log, STDERR_FILENO);
      char* argv[] = {const_cast<char*>(KEYWAY_IDENTITY_BINARY), nullptr};
      execve(KEYWAY_IDENTITY_BINARY, argv, envp.data());
      _exit(127);
    }
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(grpc_port_),
                                   grpc::InsecureChannelCredentials());
  }

  ~IdentityProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    unlink(log_path_.c_str());
  }

  // Sends SIGTERM; the exit status, or -1 if it did not exit within 15 s.
  int Terminate() {
    kill(pid_, SIGTERM);
    for (int i = 0; i < 150; ++i) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return -1;
  }

  std::string Log() const {
    std::ifstream in(log_path_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  std::shared_ptr<grpc::Channel> channel() { return channel_; }
  int metrics_port() const { return metrics_port_; }

 private:
  int grpc_port_, metrics_port_;
  std::string log_path_;
  pid_t pid_ = -1;
  std::shared_ptr<grpc::Channel> channel_;
};

std::unique_ptr<grpc::ClientContext> Ctx(const std::string& bearer = "") {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  if (!bearer.empty()) ctx->AddMetadata("authorization", "Bearer " + bearer);
  return ctx;
}

bool WaitServing(IdentityProcess& p) {
  auto health = grpc::health::v1::Health::NewStub(p.channel());
  for (int i = 0; i < 150; ++i) {
    grpc::health::v1::HealthCheckRequest req;
    grpc::health::v1::HealthCheckResponse resp;
    if (health->Check(Ctx().get(), req, &resp).ok() &&
        resp.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

refl::ServerReflectionResponse Reflect(IdentityProcess& p, const refl::ServerReflectionRequest& req) {
  auto stub = refl::ServerReflection::NewStub(p.channel());
  auto ctx = Ctx();
  auto stream = stub->ServerReflectionInfo(ctx.get());
  refl::ServerReflectionResponse resp;
  REQUIRE(stream->Write(req));
  REQUIRE(stream->Read(&resp));
  stream->WritesDone();
  REQUIRE(stream->Finish().ok());
  return resp;
}

}  // namespace

TEST_CASE("K4: the identity binary serves health, reflection, login and metrics, logs no secret, and stops on SIGTERM") {
  keyway::testing::TestDatabase db;
  const std::string org_credential = keyway::core::RandomToken(32);
  IdentityProcess process(db.conninfo(), keyway::testing::SharedServers().redis_port, org_credential);
  REQUIRE(WaitServing(process));

  // Reflection lists the services, the health service among them...
  refl::ServerReflectionRequest list;
  list.set_list_services("*");
  std::set<std::string> services;
  auto listed = Reflect(process, list);
  for (const auto& s : listed.list_services_response().service()) services.insert(s.name());
  CHECK(services.count("keyway.identity.v1.IdentityService") == 1);
  CHECK(services.count("grpc.health.v1.Health") == 1);
  CHECK(services.count("grpc.reflection.v1alpha.ServerReflection") == 1);

  // ...and describes a method, as `grpcurl describe` does.
  refl::ServerReflectionRequest describe;
  describe.set_file_containing_symbol("keyway.identity.v1.IdentityService.Login");
  auto files = Reflect(process, describe).file_descriptor_response();
  REQUIRE(files.file_descriptor_proto_size() >= 1);
  bool found_login = false;
  for (const auto& bytes : files.file_descriptor_proto()) {
    google::protobuf::FileDescriptorProto file;
    REQUIRE(file.ParseFromString(bytes));
    for (const auto& service : file.service()) {
      for (const auto& method : service.method()) {
        if (service.name() == "IdentityService" && method.name() == "Login") {
          found_login = method.input_type() == ".keyway.identity.v1.LoginRequest" &&
                        method.output_type() == ".keyway.identity.v1.LoginResponse";
        }
      }
    }
  }
  CHECK(found_login);
  refl::ServerReflectionRequest health_symbol;
  health_symbol.set_file_containing_symbol("grpc.health.v1.Health");
  CHECK(Reflect(process, health_symbol).file_descriptor_response().file_descriptor_proto_size() >= 1);

  // An Owner, created for org (with org's credential), accepts and logs in.
  auto api = v1::IdentityService::NewStub(process.channel());
  auto internal = v1::IdentityInternalService::NewStub(process.channel());
  v1::CreateOwnerRequest create;
  create.set_organisation_id("binary-org");
  create.set_email("owner@binary.example.com");
  create.set_name("Binary Owner");
  v1::CreateOwnerResponse created;
  REQUIRE(internal->CreateOwner(Ctx(org_credential).get(), create, &created).ok());
  const std::string password = "a long and unusual passphrase";
  v1::AcceptInvitationRequest accept;
  accept.set_token(created.invitation_token());
  accept.set_password(password);
  v1::AcceptInvitationResponse accepted;
  REQUIRE(api->AcceptInvitation(Ctx().get(), accept, &accepted).ok());
  v1::LoginRequest login;
  login.set_email("owner@binary.example.com");
  login.set_password(password);
  v1::LoginResponse session;
  auto ctx = Ctx();
  ctx->AddMetadata("x-request-id", "binary-test-login-1");
  REQUIRE(api->Login(ctx.get(), login, &session).ok());
  CHECK(session.user().role() == v1::ROLE_OWNER);
  v1::ListUsersResponse users;
  REQUIRE(api->ListUsers(Ctx(session.access_token()).get(), {}, &users).ok());
  CHECK(users.users_size() == 1);
  // The request id comes back to the caller.
  auto echoed = ctx->GetServerInitialMetadata().find("x-request-id");
  REQUIRE(echoed != ctx->GetServerInitialMetadata().end());
  CHECK(std::string(echoed->second.data(), echoed->second.size()) == "binary-test-login-1");

  // Per-method counts and latencies on /metrics.
  std::string metrics = HttpGet(process.metrics_port(), "/metrics");
  CHECK(metrics.find("grpc_server_handled_total{grpc_code=\"OK\",grpc_method=\"Login\","
                     "grpc_service=\"keyway.identity.v1.IdentityService\"} 1") != std::string::npos);
  CHECK(metrics.find("grpc_server_handling_seconds_bucket") != std::string::npos);

  REQUIRE(process.Terminate() == 0);

  // One structured line per call, with the request id; K4: never a secret.
  std::string log = process.Log();
  CHECK(log.find("\"method\":\"/keyway.identity.v1.IdentityService/Login\"") != std::string::npos);
  CHECK(log.find("\"request_id\":\"binary-test-login-1\"") != std::string::npos);
  CHECK(log.find(password) == std::string::npos);
  CHECK(log.find(session.access_token()) == std::string::npos);
  CHECK(log.find(session.refresh_token()) == std::string::npos);
  CHECK(log.find(created.invitation_token()) == std::string::npos);
  CHECK(log.find(org_credential) == std::string::npos);
}
