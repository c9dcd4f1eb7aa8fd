// Regenerates deploy-checks/src/test/resources/crd-schemas/postgresql.cnpg.io_*.yaml from the CloudNativePG API
// types published on the npm registry as @kubernetes-models/cloudnative-pg (generated from CloudNativePG's
// api/v1 Go types, the same source controller-gen makes the released CRDs from). Not part of ./mvnw verify
// (which stays offline); run it when the CNPG version changes:
//
//   d=$(mktemp -d) && npm install --prefix "$d" @kubernetes-models/cloudnative-pg@2.0.0 typescript@5
//   NODE_PATH="$d/node_modules" node deploy-checks/tools/cnpg-crd-schemas.mjs "$d/node_modules"
//
// It walks each kind's TypeScript declaration with the TypeScript compiler and writes, for every object type
// reachable from the kind, ALL its property names with their JSON types, enums (literal unions) and required
// properties. Kubernetes core types (kubernetes-models) are expanded the same way; ObjectMeta is left open
// (the API server checks it). deploy-checks' StrictModels then adds additionalProperties: false to every object
// that lists properties, so an unknown field fails.
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const modules = path.resolve(process.argv[2] ?? "node_modules");
const require = createRequire(path.join(modules, "noop.js"));
const ts = require("typescript");
const pkgDir = path.join(modules, "@kubernetes-models/cloudnative-pg");
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8"));
const out = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../src/test/resources/crd-schemas");

const kinds = [
  ["Cluster", "clusters"],
  ["Database", "databases"],
  ["ScheduledBackup", "scheduledbackups"],
];

const roots = kinds.map(([kind]) => path.join(pkgDir, "postgresql.cnpg.io/v1", kind + ".d.ts"));
const program = ts.createProgram(roots, {
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2022,
  baseUrl: modules,
  typeRoots: [],
  types: [],
});
const checker = program.getTypeChecker();

const OPEN = { type: "object", "x-kubernetes-preserve-unknown-fields": true };

function schemaOf(type, stack) {
  if (type.flags & ts.TypeFlags.Any || type.flags & ts.TypeFlags.Unknown) return { ...OPEN };
  if (type.flags & ts.TypeFlags.String) return { type: "string" };
  if (type.flags & ts.TypeFlags.Number) return { type: "number" };
  if (type.flags & ts.TypeFlags.Boolean || type.flags & ts.TypeFlags.BooleanLiteral) return { type: "boolean" };
  if (type.isUnion()) {
    const parts = type.types.filter(t => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
    if (parts.every(t => t.flags & ts.TypeFlags.BooleanLiteral)) return { type: "boolean" };
    if (parts.every(t => t.isStringLiteral())) return { type: "string", enum: parts.map(t => t.value).sort() };
    if (parts.every(t => t.isNumberLiteral())) return { type: "number", enum: parts.map(t => t.value).sort() };
    const primitives = new Set();
    for (const t of parts) {
      const s = schemaOf(t, stack);
      if (s.type === "string" || s.type === "number" || s.type === "boolean") primitives.add(s.type);
      else return { ...OPEN }; // a union with an object: leave it open
    }
    return { type: [...primitives].sort() };
  }
  if (type.isStringLiteral()) return { type: "string", enum: [type.value] };
  if (type.isNumberLiteral()) return { type: "number", enum: [type.value] };
  if (checker.isArrayType(type)) {
    return { type: "array", items: schemaOf(checker.getTypeArguments(type)[0], stack) };
  }
  if (type.flags & ts.TypeFlags.Object) {
    const name = checker.typeToString(type);
    if (/ObjectMeta$/.test(name) || /JSON$/.test(name) || /RawExtension$/.test(name)) return { ...OPEN };
    if (stack.includes(type)) return { ...OPEN }; // recursive types (JSONSchemaProps and the like)
    const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
    const properties = checker.getPropertiesOfType(type);
    if (index && properties.length === 0) {
      return { type: "object", additionalProperties: schemaOf(index.type, [...stack, type]) };
    }
    if (properties.length === 0) return { ...OPEN };
    const result = { type: "object" };
    const required = [];
    result.properties = {};
    for (const p of [...properties].sort((a, b) => a.name.localeCompare(b.name))) {
      const decl = p.valueDeclaration ?? p.declarations?.[0];
      const pType = checker.getTypeOfSymbolAtLocation(p, decl);
      result.properties[p.name] = schemaOf(pType, [...stack, type]);
      if (!(p.flags & ts.SymbolFlags.Optional)) required.push(p.name);
    }
    if (required.length) result.required = required;
    return result;
  }
  return { ...OPEN };
}

function yaml(value, indent = "") {
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every(v => typeof v !== "object")) return "[" + value.map(v => JSON.stringify(v)).join(", ") + "]";
    return value.map(v => "\n" + indent + "- " + yaml(v, indent + "  ").replace(/^\n\s*/, "")).join("");
  }
  if (value && typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 0) return "{}";
    return keys.map(k => "\n" + indent + JSON.stringify(k) + ": " + yaml(value[k], indent + "  ")).join("");
  }
  return JSON.stringify(value);
}

for (const [kind, plural] of kinds) {
  const file = program.getSourceFile(path.join(pkgDir, "postgresql.cnpg.io/v1", kind + ".d.ts"));
  const symbol = checker.getSymbolAtLocation(file);
  const iface = checker.getExportsOfModule(symbol).find(s => s.name === "I" + kind);
  if (!iface) throw new Error("no I" + kind + " in " + file.fileName);
  const schema = schemaOf(checker.getDeclaredTypeOfSymbol(iface), []);
  // The API server accepts a missing status; apiVersion and kind are always there.
  schema.required = (schema.required ?? []).filter(r => r !== "status");
  const header = `# GENERATED by deploy-checks/tools/cnpg-crd-schemas.mjs from the npm package ${pkg.name}@${pkg.version}\n`
    + `# (CloudNativePG api/v1 Go types, ${pkg.homepage}): ${plural}.postgresql.cnpg.io v1, every property of\n`
    + `# every object type reachable from ${kind}. Do not edit; regenerate (see the script and README.md).\n`;
  fs.writeFileSync(path.join(out, `postgresql.cnpg.io_${plural}.yaml`),
    header + "openAPIV3Schema:" + yaml(schema, "  ") + "\n");
  console.log(`wrote postgresql.cnpg.io_${plural}.yaml`);
}
