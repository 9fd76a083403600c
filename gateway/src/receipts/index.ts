export { Batcher } from './receipt-batcher.js';
export { receiptKey, type Receipt } from './receipt.js';
export { ReceiptsPublisher, type ReceiptsPublisherOptions } from './receipts-publisher.js';
