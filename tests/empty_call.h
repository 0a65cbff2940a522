#pragma once
// Calls any unary method by its full name with an empty request (no bytes:
// every request type parses from them) and `token` as the bearer, for tests
// that walk methods by name rather than through stubs.
#include <string>

#include <google/protobuf/empty.pb.h>
#include <grpcpp/impl/codegen/client_unary_call.h>

#include "keyway/rpc/client.h"

namespace keyway::testing {

inline grpc::Status CallWithEmptyRequest(const std::string& address, const std::string& method,
                                         const std::string& token) {
  auto channel = rpc::MakeChannel(address);
  grpc::internal::RpcMethod rpc(method.c_str(), grpc::internal::RpcMethod::NORMAL_RPC);
  auto ctx = rpc::MakeContext(absl::Seconds(10), token);
  google::protobuf::Empty request, response;
  return grpc::internal::BlockingUnaryCall<google::protobuf::Empty, google::protobuf::Empty>(
      channel.get(), rpc, ctx.get(), request, &response);
}

}  // namespace keyway::testing
