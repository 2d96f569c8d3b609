import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS; its default export arrives wrapped under ESM + NodeNext.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

interface OpenApiParameter {
  name: string;
  in: string;
  $ref?: string;
}

interface OpenApiOperation {
  operationId: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: unknown }> }>;
}

interface OpenApiSpec {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { parameters: Record<string, OpenApiParameter> } & Record<string, unknown>;
}

export interface MatchedOperation {
  operationId: string;
  template: string;
  pathParams: Record<string, string>;
  queryParams: ReadonlySet<string>;
  operation: OpenApiOperation;
}

interface Route {
  method: string;
  template: string;
  regex: RegExp;
  paramNames: string[];
  literalSegments: number;
  operation: OpenApiOperation;
}

const HTTP_METHODS = new Set(["get", "post", "put", "patch", "delete", "head"]);
const SCHEMA_BASE = "github-openapi";

/** Template segments become regex groups; `{path}` (contents API) may span slashes. */
function compileTemplate(template: string): { regex: RegExp; paramNames: string[] } {
  const paramNames: string[] = [];
  const source = template
    .split("/")
    .map((segment) =>
      segment.replace(/\{([^}]+)\}|[^{]+/g, (part, name: string | undefined) => {
        if (name === undefined) return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
        paramNames.push(name);
        return name === "path" ? "(.+)" : "([^/]+)";
      }),
    )
    .join("/");
  return { regex: new RegExp(`^${source}$`), paramNames };
}

/**
 * OpenAPI 3.0 `nullable: true` allows null. ajv honours it only next to `type`, and its enum
 * check still rejects null, so: list null in nullable enums, and turn a type-less nullable
 * schema (a bare `allOf`/`$ref`) into `anyOf: [schema, {type: "null"}]`.
 */
function normalizeNullable(node: unknown): void {
  if (typeof node !== "object" || node === null) return;
  for (const child of Object.values(node)) normalizeNullable(child);
  const schema = node as Record<string, unknown>;
  if (schema.nullable !== true) return;
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum.push(null);
  if (schema.type === undefined) {
    const rest = Object.fromEntries(Object.entries(schema).filter(([key]) => key !== "nullable"));
    for (const key of Object.keys(schema)) Reflect.deleteProperty(schema, key);
    schema.anyOf = [rest, { type: "null" }];
  }
}

/**
 * GitHub's REST description (api.github.com, from @octokit/openapi): matches requests to
 * operations and validates JSON bodies, compiling one validator per operation on first use.
 */
export class OpenApiCatalog {
  private readonly routes: Route[] = [];
  private readonly validators = new Map<string, ValidateFunction | null>();
  private readonly responseValidators = new Map<string, ValidateFunction | null>();
  private readonly ajv: Ajv;

  constructor(private readonly spec: OpenApiSpec) {
    for (const [template, item] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (!HTTP_METHODS.has(method)) continue;
        const { regex, paramNames } = compileTemplate(template);
        const literalSegments = template.split("/").filter((s) => s && !s.includes("{")).length;
        this.routes.push({
          method: method.toUpperCase(),
          template,
          regex,
          paramNames,
          literalSegments,
          operation,
        });
      }
    }
    // Literal segments first, so /repos/{o}/{r}/pulls/comments beats /repos/{o}/{r}/pulls/{n}.
    this.routes.sort((a, b) => b.literalSegments - a.literalSegments);
    normalizeNullable(spec.components);
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: SCHEMA_BASE, components: spec.components });
  }

  match(method: string, rawPath: string): MatchedOperation | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const found = route.regex.exec(rawPath);
      if (!found) continue;
      const pathParams: Record<string, string> = {};
      route.paramNames.forEach((name, i) => {
        pathParams[name] = decodeURIComponent(found[i + 1] ?? "");
      });
      return {
        operationId: route.operation.operationId,
        template: route.template,
        pathParams,
        queryParams: this.queryParamsOf(route.operation),
        operation: route.operation,
      };
    }
    return undefined;
  }

  /** Validation errors of a JSON body, or [] when it is valid (or the operation takes none). */
  validateBody(matched: MatchedOperation, body: unknown): string[] {
    if (body === undefined) {
      return matched.operation.requestBody?.required ? ["a JSON body is required"] : [];
    }
    const validate = this.validatorFor(matched);
    if (!validate) return ["this operation takes no JSON body"];
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) => `${e.instancePath || "(body)"} ${e.message ?? "is invalid"}`,
    );
  }

  /** Where this fake's answer departs from the documented response schema ([] when it fits). */
  validateResponse(matched: MatchedOperation, status: number, body: unknown): string[] {
    const key = `${matched.operationId} ${status}`;
    let validate = this.responseValidators.get(key);
    if (validate === undefined) {
      let response = matched.operation.responses?.[String(status)];
      if (response?.$ref) {
        const name = response.$ref.split("/").pop() ?? "";
        response = (
          this.spec.components.responses as Record<string, typeof response> | undefined
        )?.[name];
      }
      const schema = response?.content?.["application/json"]?.schema;
      validate = schema ? this.compile(schema) : null;
      this.responseValidators.set(key, validate);
    }
    if (!validate || validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) => `${e.instancePath || "(body)"} ${e.message ?? "is invalid"}`,
    );
  }

  private compile(schema: unknown): ValidateFunction {
    // Refs point into the spec's components, registered once under SCHEMA_BASE.
    const copy = JSON.parse(
      JSON.stringify(schema).replaceAll('"$ref":"#/', `"$ref":"${SCHEMA_BASE}#/`),
    ) as object;
    normalizeNullable(copy);
    return this.ajv.compile(copy);
  }

  private queryParamsOf(operation: OpenApiOperation): ReadonlySet<string> {
    const names = new Set<string>();
    for (const parameter of operation.parameters ?? []) {
      const resolved = parameter.$ref
        ? this.spec.components.parameters[parameter.$ref.split("/").pop() ?? ""]
        : parameter;
      if (resolved?.in === "query") names.add(resolved.name);
    }
    return names;
  }

  private validatorFor(matched: MatchedOperation): ValidateFunction | null {
    const cached = this.validators.get(matched.operationId);
    if (cached !== undefined) return cached;
    const schema = matched.operation.requestBody?.content?.["application/json"]?.schema;
    // Refs point into the spec's components, registered once under SCHEMA_BASE.
    const validate = schema
      ? this.ajv.compile(
          JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/', `"$ref":"${SCHEMA_BASE}#/`)),
        )
      : null;
    this.validators.set(matched.operationId, validate);
    return validate;
  }
}

let catalog: OpenApiCatalog | undefined;

/** Parsed once per process: the description is 13 MB of JSON. */
export function loadOpenApiCatalog(): OpenApiCatalog {
  if (!catalog) {
    const require = createRequire(import.meta.url);
    const file = require.resolve("@octokit/openapi/generated/api.github.com.json");
    catalog = new OpenApiCatalog(JSON.parse(readFileSync(file, "utf8")) as OpenApiSpec);
  }
  return catalog;
}
