#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "layan/core/error.h"
#include "layan/store/catalog.h"
#include "layan/store/catalog_json.h"
#include "layan/store/database.h"

namespace layan::store {

/// How many records of each kind a seed upserted (the records in the file, changed or not).
struct SeedSummary {
    int tenants = 0;
    int units = 0;
    int services = 0;
    int halls = 0;
    int officers = 0;

    friend bool operator==(const SeedSummary&, const SeedSummary&) = default;
};

/// Upserts a catalog into `catalog`: per tenant the tenant, units, services, halls, officers, in
/// that order (each refers only to what comes before). Idempotent: seeding the same catalog again
/// changes nothing. Stops at the first record the catalog rejects and returns its error; what was
/// upserted before it stays (running the seed again after fixing the file completes it).
[[nodiscard]] core::Result<SeedSummary> SeedCatalog(Catalog& catalog, const std::vector<TenantCatalog>& document);

/// Parses a catalog file's text (see catalog_json.h) and seeds it. Fails with kMalformed
/// "malformed_catalog" when it is not JSON, kInvalid "invalid_catalog" when it is not a catalog;
/// nothing is written then.
[[nodiscard]] core::Result<SeedSummary> SeedCatalogJson(Catalog& catalog, std::string_view json_text);

/// Seeds the catalog of `database` from a catalog file, or from JSON text when the argument starts
/// with '{'. A file that cannot be read fails with kNotFound "catalog_file_not_found".
[[nodiscard]] core::Result<SeedSummary> SeedDemo(Database& database, const std::string& json_path_or_text);

/// Seeds the demo built into the binary: Kota Mojokerto and its Mal Pelayanan Publik
/// (data/demo/mojokerto.json).
[[nodiscard]] core::Result<SeedSummary> SeedDemo(Database& database);

/// The text of the built-in demo catalog.
[[nodiscard]] std::string_view BuiltInDemoCatalog();

/// The text of the built-in demo's service standards (data/demo/standards-mojokerto.json):
/// {"tenant", "standards": [{"service", "standard": domain::standards::ToJson}]}.
[[nodiscard]] std::string_view BuiltInDemoStandards();

}  // namespace layan::store
