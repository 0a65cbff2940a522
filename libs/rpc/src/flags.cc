#include "keyway/rpc/flags.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"

namespace keyway::rpc {

std::string ReplicaName(const std::string& service) {
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  return service + "-" + host + "-" + std::to_string(getpid());
}

std::string EnvVarOf(const std::string& flag_name) {
  return "KEYWAY_" + absl::AsciiStrToUpper(flag_name);
}

std::vector<char*> ParseFlags(int argc, char** argv, const std::string& usage) {
  absl::SetProgramUsageMessage(usage);
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    const char* value = std::getenv(EnvVarOf(std::string(name)).c_str());
    if (value == nullptr) continue;
    std::string error;
    if (!flag->ParseFrom(value, &error)) {
      std::cerr << "bad value in " << EnvVarOf(std::string(name)) << ": " << error << "\n";
      std::exit(2);
    }
  }
  return absl::ParseCommandLine(argc, argv);
}

}  // namespace keyway::rpc
