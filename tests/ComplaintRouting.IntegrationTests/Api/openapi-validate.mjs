// Validates an OpenAPI document with @seriousme/openapi-schema-validator (the repository's npm
// devDependency) and prints one JSON line: { valid, version, errors }. Exit code 0 when valid.
// Usage: node openapi-validate.mjs <file.json>
import { Validator } from "@seriousme/openapi-schema-validator";

const file = process.argv[2];
if (!file) {
  console.error("usage: node openapi-validate.mjs <file.json>");
  process.exit(2);
}
const validator = new Validator();
const result = await validator.validate(file);
let errors = result.valid ? [] : result.errors;
if (result.valid) {
  try {
    validator.resolveRefs(); // every $ref must point at something
  } catch (error) {
    errors = [{ message: `unresolvable $ref: ${error.message}` }];
  }
}
console.log(JSON.stringify({ valid: errors.length === 0, version: validator.version ?? null, errors }));
process.exit(errors.length === 0 ? 0 : 1);
