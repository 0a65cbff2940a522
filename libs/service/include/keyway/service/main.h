#pragma once
// The whole of a service's main() once its flags are defined:
//
//   int main(int argc, char** argv) {
//     return keyway::service::Main<OrgServer>("org", "keyway-org: ...", argc, argv,
//         [](const keyway::rpc::CommonFlags& common, keyway::service::RuntimeOptions runtime) {
//           OrgServerOptions options;  // extends RuntimeOptions
//           static_cast<keyway::service::RuntimeOptions&>(options) = runtime;
//           ...its own flags...
//           return OrgServer::Start(options);
//         });
//   }

#include <functional>
#include <memory>
#include <string>

#include "keyway/rpc/flags.h"
#include "keyway/rpc/server.h"
#include "keyway/rpc/service_flags.h"
#include "keyway/service/runtime.h"

namespace keyway::service {

// The common flags as runtime options (database, Redis, credentials, this
// replica's consumer name).
RuntimeOptions RuntimeOptionsFrom(const rpc::CommonFlags& common, const std::string& name);

template <typename Server>
int Main(const std::string& name, const std::string& usage, int argc, char** argv,
         const std::function<absl::StatusOr<std::unique_ptr<Server>>(const rpc::CommonFlags&,
                                                                     RuntimeOptions)>& start) {
  rpc::BlockShutdownSignals();  // before any thread starts
  rpc::ParseFlags(argc, argv,
                  usage + "\nEvery flag can also be set as KEYWAY_<FLAG>, e.g. KEYWAY_DB.");
  const rpc::CommonFlags common = rpc::ReadCommonFlags();
  return rpc::ServeUntilSignal(name, start(common, RuntimeOptionsFrom(common, name)),
                               common.shutdown_grace);
}

}  // namespace keyway::service
