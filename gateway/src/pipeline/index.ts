export { MessagePipeline, type PipelineCounters, type PipelineInstruments } from './message-pipeline.js';
