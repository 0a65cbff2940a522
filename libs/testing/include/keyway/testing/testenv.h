#pragma once
// Access to the private PostgreSQL and Redis of an integration test run
// (tools/testenv, started by the CTest `testenv` fixture), and throwaway
// databases inside it so that every test starts from an empty schema.

#include <string>

namespace keyway::testing {

struct ServerPorts {
  std::string envfile;  // the file tools/testenv wrote
  int pg_port = 0;
  int redis_port = 0;
};

// The run's shared servers, described by the file named in $KEYWAY_TESTENV.
const ServerPorts& SharedServers();

// A TCP port on loopback that nothing listens on now (for a server a test
// must know the address of before it starts).
int FreePort();

// A name no other test of any run uses: for databases, streams, consumer groups.
std::string UniqueName(const std::string& prefix);

// A fresh, empty database, dropped (connections and all) when destroyed.
class TestDatabase {
 public:
  explicit TestDatabase(int pg_port = SharedServers().pg_port);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& name() const { return name_; }
  const std::string& conninfo() const { return conninfo_; }

 private:
  int pg_port_;
  std::string name_;
  std::string conninfo_;
};

// A PostgreSQL and a Redis of this test's own, for tests that stop and
// restart them without disturbing tests running beside them.
class PrivateServers {
 public:
  // Throwaway servers skip PostgreSQL's fsync and synchronous commit, which
  // loses acknowledged commits when it is killed; `durable` keeps them, for
  // tests that kill it and count what it acknowledged.
  explicit PrivateServers(bool durable = false);
  ~PrivateServers();
  PrivateServers(const PrivateServers&) = delete;
  PrivateServers& operator=(const PrivateServers&) = delete;

  const ServerPorts& ports() const { return ports_; }
  void StopPostgres();
  void StartPostgres();
  void StopRedis();
  void StartRedis();
  // A crash: SIGKILL, with no chance to finish anything (then Start*).
  void KillPostgres();
  void KillRedis();

 private:
  void Run(const std::string& command);
  ServerPorts ports_;
};

}  // namespace keyway::testing
