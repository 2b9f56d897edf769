import { DomainRuleViolation } from '../errors/errors';

/**
 * Who is responsible for a case's work in a context (a social worker, a tracing officer) changing
 * hands: nothing when the same person is named again (null), a refusal when someone else holds
 * it and no reason is given, otherwise who held it and why it changes. A blank reason is none.
 */
export function handOver(
  holder: string | undefined,
  next: string,
  reason: string | undefined,
  refusal: string,
): { previous?: string; reason?: string } | null {
  if (holder === next) return null;
  const given = reason?.trim() ? reason : undefined;
  if (holder !== undefined && given === undefined) {
    throw new DomainRuleViolation('reassignment-needs-reason', refusal);
  }
  return {
    ...(holder !== undefined ? { previous: holder } : {}),
    ...(given !== undefined ? { reason: given } : {}),
  };
}

/**
 * Whether intake's transfer to `toOfficeCode` is already recorded and in force: a redelivered
 * CaseTransferred records nothing, a transfer back to an earlier office does.
 */
export function transferRecorded(
  state: { officeCode?: string; transfers: readonly { toOfficeCode: string }[] },
  toOfficeCode: string,
): boolean {
  return (
    state.officeCode === toOfficeCode &&
    state.transfers.some((transfer) => transfer.toOfficeCode === toOfficeCode)
  );
}

interface TransferredWork {
  officeCode?: string;
  officerId?: string;
  transfers: readonly { fromOfficeCode: string; toOfficeCode: string }[];
}

/**
 * The work on a case after intake's transfer is recorded: the receiving office owns it, the
 * transfer joins the list, and nobody is responsible until the new office names someone.
 */
export function afterTransfer<S extends TransferredWork>(
  state: S,
  transfer: { fromOfficeCode: string; toOfficeCode: string },
): S {
  const { officerId: _previousOfficer, ...rest } = state;
  return {
    ...rest,
    officeCode: transfer.toOfficeCode,
    transfers: [
      ...state.transfers,
      { fromOfficeCode: transfer.fromOfficeCode, toOfficeCode: transfer.toOfficeCode },
    ],
  } as unknown as S;
}
