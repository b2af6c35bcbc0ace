// Rules an item must keep beyond its shape, checked on every write; each violation names its field.
import { creditCodeProblem } from '../credit-code.ts';
import type { FieldIssue } from '../errors.ts';
import { formValidator } from '../form-validator.ts';
import type { ItemInput, Limit } from './item.ts';

const ajv = formValidator();

/**
 * Limits compared in one unit. A working day is taken as at least 7/5 of a natural day and as 8 office
 * hours, so a promise in working days never exceeds a statutory limit in natural days by conversion slack.
 */
const asHours = (limit: Limit) =>
  limit.unit === 'hour'
    ? limit.value
    : limit.unit === 'working-day'
      ? limit.value * 24 * (7 / 5)
      : limit.value * 24;

export const formSchemaProblem = (schema: Record<string, unknown>): string | undefined => {
  if (schema.type !== 'object') return 'the form schema must describe an object (type: "object")';
  if (!ajv.validateSchema(schema)) return `not a valid JSON Schema: ${ajv.errorsText(ajv.errors)}`;
  try {
    ajv.compile(schema);
  } catch (error) {
    return `not a valid JSON Schema: ${(error as Error).message}`;
  }
  return undefined;
};

export const checkItem = (item: ItemInput, departments: ReadonlySet<string>): FieldIssue[] => {
  const issues: FieldIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });

  if (asHours(item.promisedLimit) > asHours(item.statutoryLimit)) {
    add('promisedLimit', '承诺时限不得超过法定时限 (the promised limit may not exceed the statutory limit)');
  }
  if (item.caseType === 1 && item.promisedLimit.value !== 0) {
    add('promisedLimit.value', '即办件的承诺时限为0 (an on-the-spot item promises 0)');
  }
  if (item.caseType === 2 && item.promisedLimit.value === 0) {
    add(
      'caseType',
      '承诺时限为0的事项应为即办件 (a promised limit of 0 makes it an on-the-spot item: caseType 1)',
    );
  }
  if (item.level >= 5 && item.townshipCodes.length === 0) {
    add(
      'townshipCodes',
      '乡镇（街道）、村（社区）级事项须列明实施区划代码 (level 5/6 items need township or village codes)',
    );
  }
  if (!departments.has(item.department))
    add('department', `unknown department ${item.department} in this jurisdiction`);
  item.jointDepartments.forEach((d, i) => {
    if (!departments.has(d)) add(`jointDepartments.${i}`, `unknown department ${d} in this jurisdiction`);
  });
  const body = item.implementingBody;
  const creditProblem = creditCodeProblem(body.creditCode);
  if (creditProblem) add('implementingBody.creditCode', creditProblem);
  if (body.nature === 3 && !body.entrustingDepartment) {
    add(
      'implementingBody.entrustingDepartment',
      '受委托组织须写明委托部门 (an entrusted body names its entrusting department)',
    );
  }
  if (body.entrustingDepartment && !departments.has(body.entrustingDepartment)) {
    add(
      'implementingBody.entrustingDepartment',
      `unknown department ${body.entrustingDepartment} in this jurisdiction`,
    );
  }
  const materialIds = new Set<string>();
  item.materials.forEach((m, i) => {
    if (materialIds.has(m.id)) add(`materials.${i}.id`, `duplicate material id ${m.id}`);
    materialIds.add(m.id);
    if (m.originals + m.copies === 0 && m.form === 'paper') {
      add(`materials.${i}`, 'a paper material needs at least one original or copy');
    }
  });
  const stageNames = new Set<string>();
  item.workflow.stages.forEach((stage, s) => {
    if (stageNames.has(stage.name)) add(`workflow.stages.${s}.name`, `duplicate stage name ${stage.name}`);
    stageNames.add(stage.name);
    stage.tasks.forEach((task, t) => {
      if (!departments.has(task.department)) {
        add(
          `workflow.stages.${s}.tasks.${t}.department`,
          `unknown department ${task.department} in this jurisdiction`,
        );
      }
    });
  });
  const formProblem = formSchemaProblem(item.formSchema);
  if (formProblem) add('formSchema', formProblem);
  return issues;
};

/** Implementation codes must be unique within one batch. */
export const duplicateCodes = (items: ReadonlyArray<Pick<ItemInput, 'implementationCode'>>) => {
  const seen = new Map<string, number>();
  const duplicates: Array<{ index: number; firstIndex: number; code: string }> = [];
  items.forEach((item, index) => {
    const first = seen.get(item.implementationCode);
    if (first === undefined) seen.set(item.implementationCode, index);
    else duplicates.push({ index, firstIndex: first, code: item.implementationCode });
  });
  return duplicates;
};
