#include "keyway/testing/testenv.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "keyway/core/random.h"

namespace keyway::testing {
namespace {

ServerPorts ReadEnvFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read test environment " + path);
  ServerPorts ports;
  ports.envfile = path;
  std::string line;
  while (std::getline(in, line)) {
    std::pair<std::string, std::string> kv = absl::StrSplit(line, absl::MaxSplits('=', 1));
    if (kv.first == "KEYWAY_TEST_PG_PORT") ports.pg_port = std::stoi(kv.second);
    if (kv.first == "KEYWAY_TEST_REDIS_PORT") ports.redis_port = std::stoi(kv.second);
  }
  if (ports.pg_port == 0 || ports.redis_port == 0) {
    throw std::runtime_error("incomplete test environment in " + path);
  }
  return ports;
}

std::string ScriptPath() {
  return std::string(KEYWAY_SOURCE_DIR) + "/tools/testenv";
}

std::string AdminConninfo(int port) {
  return absl::StrCat("host=127.0.0.1 port=", port, " user=postgres dbname=postgres");
}

}  // namespace

const ServerPorts& SharedServers() {
  static const ServerPorts ports = [] {
    const char* path = std::getenv("KEYWAY_TESTENV");
    if (path == nullptr) {
      throw std::runtime_error(
          "KEYWAY_TESTENV is not set: run integration tests through ctest (tools/dev test)");
    }
    return ReadEnvFile(path);
  }();
  return ports;
}

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

std::string UniqueName(const std::string& prefix) {
  std::string id = core::NewUuid();
  id.erase(std::remove(id.begin(), id.end(), '-'), id.end());
  return absl::StrCat(prefix, "_", id.substr(0, 16));
}

TestDatabase::TestDatabase(int pg_port) : pg_port_(pg_port), name_(UniqueName("t")) {
  pqxx::connection admin(AdminConninfo(pg_port_));
  pqxx::nontransaction(admin).exec("CREATE DATABASE " + name_);
  conninfo_ = absl::StrCat("host=127.0.0.1 port=", pg_port_, " user=postgres dbname=", name_,
                           " connect_timeout=5");
}

TestDatabase::~TestDatabase() {
  try {
    pqxx::connection admin(AdminConninfo(pg_port_));
    pqxx::nontransaction(admin).exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception&) {
    // The server may be down at the end of a restart test; its data folder
    // is deleted with it.
  }
}

PrivateServers::PrivateServers(bool durable) {
  std::string envfile = absl::StrCat("/tmp/", UniqueName("keyway-private"), ".env");
  Run(absl::StrCat(durable ? "KEYWAY_TEST_DURABLE=1 " : "", ScriptPath(), " start ", envfile));
  ports_ = ReadEnvFile(envfile);
}

PrivateServers::~PrivateServers() {
  std::system((ScriptPath() + " stop " + ports_.envfile + " >/dev/null 2>&1").c_str());
}

void PrivateServers::Run(const std::string& command) {
  if (std::system((command + " >/dev/null").c_str()) != 0) {
    throw std::runtime_error("failed: " + command);
  }
}

void PrivateServers::StopPostgres() { Run(ScriptPath() + " pg-stop " + ports_.envfile); }
void PrivateServers::StartPostgres() { Run(ScriptPath() + " pg-start " + ports_.envfile); }
void PrivateServers::StopRedis() { Run(ScriptPath() + " redis-stop " + ports_.envfile); }
void PrivateServers::StartRedis() { Run(ScriptPath() + " redis-start " + ports_.envfile); }
void PrivateServers::KillPostgres() { Run(ScriptPath() + " pg-kill " + ports_.envfile); }
void PrivateServers::KillRedis() { Run(ScriptPath() + " redis-kill " + ports_.envfile); }

}  // namespace keyway::testing
