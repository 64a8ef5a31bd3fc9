/**
 * Walking a program: the programs an instruction nests, and every
 * instruction of a program at any depth.
 * @module
 */
import type { Instruction, Program } from './scenario.js';

/** The programs nested in an instruction: a `spawn`'s or `protect`'s body; a `try`'s body, catch bodies and `finally`. */
export function childPrograms(instruction: Instruction): Program[] {
  switch (instruction.op) {
    case 'spawn':
    case 'protect':
      return [instruction.body];
    case 'try':
      return [instruction.body, ...(instruction.catch ?? []).map((c) => c.body), ...(instruction.finally ? [instruction.finally] : [])];
    default:
      return [];
  }
}

/** Call `visit` on every instruction of `program` and of the programs nested in it, depth first in program order. */
export function forEachInstruction(program: Program, visit: (instruction: Instruction) => void): void {
  for (const instruction of program) {
    visit(instruction);
    for (const child of childPrograms(instruction)) forEachInstruction(child, visit);
  }
}
