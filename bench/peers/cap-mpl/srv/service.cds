using bench from '../db/schema';

// OData V4 at /odata/v4/cpi, OData V2 (adapter) at /odata/v2/cpi.
@path: 'cpi'
service CpiMplBench {
  @readonly entity MessageProcessingLogs as projection on bench.MessageProcessingLogs;
}
