#include "keyway/service/main.h"

namespace keyway::service {

RuntimeOptions RuntimeOptionsFrom(const rpc::CommonFlags& common, const std::string& name) {
  RuntimeOptions r;
  r.db = common.db;
  r.db_pool_size = common.db_pool_size;
  r.redis_host = common.redis_host;
  r.redis_port = common.redis_port;
  r.operator_token = common.operator_token;
  r.service_callers = common.service_callers;
  r.service_credential = common.service_credential;
  r.accept_redis_data_loss = common.accept_redis_data_loss;
  r.trusted_proxies = common.trusted_proxies;
  r.consumer_name = rpc::ReplicaName(name);
  return r;
}

}  // namespace keyway::service
