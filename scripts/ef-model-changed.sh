#!/usr/bin/env bash
# After a change to a DbContext's model: adds the migration for SQLite and PostgreSQL and regenerates the compiled
# models that the host starts from (a stale compiled model fails tests/*/CompiledModelTests).
#   scripts/ef-model-changed.sh Agora.Catalog CatalogDbContext MigrationName
#   scripts/ef-model-changed.sh Agora.Catalog CatalogDbContext            (compiled models only)
set -euo pipefail
project=$1 context=$2 name=${3:-}
cd "$(dirname "$0")/../src/$project"
dotnet tool restore >/dev/null
dotnet build -nologo -v q
for provider in Sqlite Postgres; do
  if [[ -n $name ]]; then
    dotnet ef migrations add "$name" --no-build --context "$provider$context" --output-dir "Migrations/$provider"
    dotnet build -nologo -v q
  fi
  # Optimize needs the assembly that has the new migration but not yet a compiled model of another shape.
  rm -rf "CompiledModels/$provider"
  dotnet build -nologo -v q
  dotnet ef dbcontext optimize --no-build --context "$provider$context" \
    --output-dir "CompiledModels/$provider" --namespace "$project.CompiledModels.$provider"
done
