/** Images of datastores: services whose data must outlive the container. Matched against an image's base name. */
const DATASTORE_IMAGE = /^(postgres|postgis|timescaledb|mysql|mariadb|percona|mongo|mongodb|elasticsearch|opensearch|rabbitmq|minio|clickhouse(-server)?|cassandra|scylla|neo4j|influxdb|couchdb|cockroach|cockroachdb|kafka|cp-kafka|zookeeper|cp-zookeeper|meilisearch|qdrant|weaviate|milvus|etcd|mssql-server|oracle|db2|solr|typesense|nats)$/;

/** `postgres:16` → `postgres`; `bitnami/postgresql` → `postgresql` (also matched). */
export function isDatastoreImage(baseName: string): boolean {
  return DATASTORE_IMAGE.test(baseName) || /^(postgresql|mongodb-community-server|mysql-server|redis-stack-server)$/.test(baseName);
}

/** Caches and brokers kept in memory: losing their data is expected, and they are scaled differently from apps. */
export function isCacheImage(baseName: string): boolean {
  return /^(redis|valkey|keydb|dragonfly|memcached|redis-stack)$/.test(baseName);
}
