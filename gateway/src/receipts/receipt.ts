/**
 * Records of the receipts topic, for the messenger to consume: delivered/read acknowledgements
 * (keyed by room, so one room's receipts stay in order) and connect/disconnect events (keyed by
 * user, for online status).
 */
export type Receipt =
  | {
      readonly kind: 'delivered' | 'read';
      readonly room: string;
      readonly userId: string;
      readonly messageIds: readonly string[];
      readonly at: string;
    }
  | {
      readonly kind: 'connect' | 'disconnect';
      readonly userId: string;
      readonly connectionId: string;
      readonly replica: string;
      readonly at: string;
    };

export function receiptKey(receipt: Receipt): string {
  return receipt.kind === 'delivered' || receipt.kind === 'read' ? receipt.room : receipt.userId;
}
