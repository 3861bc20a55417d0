/*
 * SPDX-License-Identifier: MIT
 *
 * In-memory implementations of the four interface tables the OTA agent calls
 * (OS, MQTT, HTTP, PAL), a scripted stand-in for the AWS IoT Jobs and Streams
 * services, an application callback, and small checking helpers. Written the
 * way an application or port would write them against the public headers.
 *
 * Every call the agent makes is recorded so a scenario can assert the exact
 * sequence of operations and payloads.
 */

#ifndef ABI_FAKES_H
#define ABI_FAKES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ota.h"
#include "ota_os_interface.h"
#include "ota_mqtt_interface.h"
#include "ota_http_interface.h"
#include "ota_platform_interface.h"

/* ------------------------------------------------------------------------ */
/* Constants shared by the scenarios.                                       */

#define ABI_THING_NAME      "abi-thing"
#define ABI_BLOCK_SIZE      ( ( uint32_t ) 1U << otaconfigLOG2_FILE_BLOCK_SIZE )
#define ABI_CERT_PATH       "/certs/signer.crt"
#define ABI_FILE_PATH       "/ota/firmware.bin"
#define ABI_SIG_LEN         72U
#define ABI_POOL_SIZE       16U

/* ------------------------------------------------------------------------ */
/* Checks.                                                                  */

extern int abi_failures;

void abi_fail( const char * file,
               int line,
               const char * fmt,
               ... )
#if defined( __GNUC__ )
__attribute__( ( format( printf, 3, 4 ) ) )
#endif
;

void abi_note( const char * fmt,
               ... )
#if defined( __GNUC__ )
__attribute__( ( format( printf, 1, 2 ) ) )
#endif
;

#define CHECK( cond, ... )                                  \
    do {                                                    \
        if( !( cond ) ) {                                   \
            abi_fail( __FILE__, __LINE__, __VA_ARGS__ );    \
        }                                                   \
    } while( 0 )

#define CHECK_INT( expected, actual, what )                                         \
    do {                                                                            \
        long long e_ = ( long long ) ( expected );                                  \
        long long a_ = ( long long ) ( actual );                                    \
        if( e_ != a_ ) {                                                            \
            abi_fail( __FILE__, __LINE__, "%s: expected %lld (0x%llx), got %lld (0x%llx)", \
                      ( what ), e_, ( unsigned long long ) e_, a_, ( unsigned long long ) a_ ); \
        }                                                                           \
    } while( 0 )

#define CHECK_STR( expected, actual, what )                                                  \
    do {                                                                                     \
        const char * e_ = ( expected );                                                      \
        const char * a_ = ( actual );                                                        \
        if( ( a_ == NULL ) || ( strcmp( e_, a_ ) != 0 ) ) {                                  \
            abi_fail( __FILE__, __LINE__, "%s: expected \"%s\", got \"%s\"", ( what ), e_,   \
                      ( a_ != NULL ) ? a_ : "(null)" );                                      \
        }                                                                                    \
    } while( 0 )

#define CHECK_STATE( expected, what ) \
    CHECK_INT( ( expected ), OTA_GetState(), ( what ) )

/* ------------------------------------------------------------------------ */
/* Setup, driving and teardown.                                             */

/* Resets every fake, arms a watchdog, makes stdout unbuffered. */
void fake_setup( const char * scenarioName );

/* The interface tables handed to OTA_Init (a static the library keeps a pointer to). */
OtaInterfaces_t * fake_interfaces( void );

/* Application buffers: demo-style user buffers, or all NULL/0 (library allocates). */
const OtaAppBuffer_t * fake_app_buffers( bool userBuffers );

/* The application callback. */
void fake_app_callback( OtaJobEvent_t event,
                        void * pData );

/* OTA_Init with the fakes, then signal Start as applications do. Returns OTA_Init's result. */
OtaErr_t fake_start_agent( bool userBuffers );

/* Runs OTA_EventProcess while events are queued (and once when the agent is in
 * Init). Stops early when pred (may be NULL) returns true. Returns events processed. */
int fake_drive( void );
int fake_drive_until( bool ( * pred )( void ),
                      int maxEvents );

/* OTA_Shutdown( 0, unsubscribe ), then drive until Stopped; checks the state. */
void fake_shutdown_agent( uint8_t unsubscribe );

/* Final checks (no pool or heap leak, no out-of-range write, ...), summary line,
 * log dump on failure. Returns the process exit code. */
int fake_finish( void );

/* Allow this many app buffers to stay with the agent at the end (documented leaks). */
void fake_allow_pool_leak( int count );

/* ------------------------------------------------------------------------ */
/* OS fake.                                                                 */

size_t fake_queue_len( void );
int fake_event_init_calls( void );
/* Event ids the agent received, in order (ring of the last 4096). */
void fake_dump_events( void );

bool fake_timer_armed( OtaTimerId_t id );
/* Fires an armed timer: calls the callback the agent registered. False if not armed. */
bool fake_fire_timer( OtaTimerId_t id );
int fake_timer_starts( OtaTimerId_t id );
int fake_timer_stops( OtaTimerId_t id );
int fake_timer_deletes( OtaTimerId_t id );
uint32_t fake_timer_timeout( OtaTimerId_t id );
const char * fake_timer_name( OtaTimerId_t id );

/* Heap wrappers handed to the agent as os.mem. */
size_t fake_heap_outstanding( void );
size_t fake_heap_alloc_calls( void );
size_t fake_heap_peak_bytes( void );

/* ------------------------------------------------------------------------ */
/* MQTT fake.                                                               */

typedef enum
{
    MQ_SUB = 0,
    MQ_UNSUB,
    MQ_PUB
} MqOp_t;

typedef struct
{
    MqOp_t op;
    char topic[ 320 ];
    uint16_t topicLen;  /* length argument as passed */
    uint8_t * payload;  /* copy, NUL-terminated, may contain NULs (CBOR) */
    size_t len;
    uint8_t qos;
    bool failed;        /* a failure was injected for this call */
} MqRec_t;

size_t fake_mqtt_count( void );
const MqRec_t * fake_mqtt_get( size_t index );
void fake_mqtt_dump( size_t from );
/* Make the next `count` publishes whose topic contains `topicPart` fail. */
void fake_mqtt_fail_publish( const char * topicPart,
                             int count );

/* Topic builders (rotating static buffers; valid for a few calls). */
const char * topic_notify_next( void );
const char * topic_next_get( void );
const char * topic_update( const char * jobId );
const char * topic_stream_data( const char * stream );
const char * topic_stream_get( const char * stream );

/* Counts records with this op and exact topic, from index `from`. */
size_t fake_mqtt_count_op( size_t from,
                           MqOp_t op,
                           const char * topic );
/* Payload of the first status update of job `jobId` from index `from` that
 * starts with `prefix`; "(none)" if there is none. */
const char * fake_job_status( size_t from,
                              const char * jobId,
                              const char * prefix );
/* Index of the next record with this op and exact topic, from `from`; -1 if none. */
long fake_mqtt_find( size_t from,
                     MqOp_t op,
                     const char * topic );
/* Publishes to the update topic of jobId whose payload starts with prefix. */
size_t fake_mqtt_count_status( size_t from,
                               const char * jobId,
                               const char * prefix );
/* Any publish to any .../jobs/<id>/update topic since `from`. */
size_t fake_mqtt_count_any_status( size_t from );

/* Expected MQTT operation for sequence checks. */
typedef enum
{
    EXP_EXACT = 0,    /* payload must equal `payload` */
    EXP_ANY,          /* payload not checked */
    EXP_CLIENT_TOKEN, /* {"clientToken":"<digits>:<thing>"} with optional digits */
    EXP_CBOR_REQUEST  /* GetStream request; `payload` = expected bitmap as hex, `fileId` */
} ExpKind_t;

typedef struct
{
    MqOp_t op;
    const char * topic;
    ExpKind_t kind;
    const char * payload;
    int qos;          /* -1: not checked */
    uint32_t fileId;  /* EXP_CBOR_REQUEST only */
} MqExpect_t;

/* Checks that the records from `from` are exactly `exp` (count included). */
void fake_expect_mqtt( size_t from,
                       const MqExpect_t * exp,
                       size_t count,
                       const char * what );

/* ------------------------------------------------------------------------ */
/* Decoded GetStream requests (every publish on .../get/cbor).              */

typedef struct
{
    bool valid;          /* decoded as a definite map with the six keys */
    char keyOrder[ 16 ]; /* keys in the order found, e.g. "cflobn" */
    char clientToken[ 32 ];
    int64_t fileId;
    int64_t blockSize;
    int64_t blockOffset;
    uint8_t bitmap[ 160 ];
    size_t bitmapLen;
    int64_t numBlocks;
    char stream[ 128 ];
    size_t mqIndex;      /* index in the MQTT log */
} StreamReq_t;

size_t fake_stream_req_count( void );
const StreamReq_t * fake_stream_req( size_t index );

/* ------------------------------------------------------------------------ */
/* HTTP fake.                                                               */

typedef struct
{
    uint32_t start;
    uint32_t end;
} HttpReq_t;

size_t fake_http_init_count( void );
const char * fake_http_init_url( size_t index );
size_t fake_http_req_count( void );
const HttpReq_t * fake_http_req( size_t index );
size_t fake_http_deinit_count( void );

/* ------------------------------------------------------------------------ */
/* PAL fake.                                                                */

typedef enum
{
    PAL_CREATE = 0,
    PAL_WRITE,
    PAL_CLOSE,
    PAL_ABORT,
    PAL_ACTIVATE,
    PAL_RESET,
    PAL_SET_STATE,
    PAL_GET_STATE
} PalOp_t;

typedef struct
{
    PalOp_t op;
    uint32_t offset;     /* write */
    uint32_t len;        /* write */
    int state;           /* set state */
    uint32_t fileSize;   /* create/close */
    char path[ 256 ];    /* create */
    char cert[ 256 ];    /* create/close */
    bool fileOpen;       /* pFile != NULL on entry */
    uintptr_t dataAddr;  /* write: pData */
    long poolOffset;     /* write: pData's offset in its event buffer's data[]; -1: not in one */
} PalRec_t;

typedef struct
{
    OtaPalStatus_t createResult;
    OtaPalStatus_t closeResult;
    OtaPalStatus_t activateResult;
    OtaPalStatus_t setStateResult;
    OtaPalStatus_t abortResult;
    OtaPalImageState_t platformState;
    long writeShortAt; /* offset whose writeBlock returns one byte less than asked; -1: none */
    int setStateResultFor; /* image state that gets setStateResult; -1: every state */
} FakePalConfig_t;

extern FakePalConfig_t fake_pal;

size_t fake_pal_count( void );
const PalRec_t * fake_pal_get( size_t index );
void fake_pal_dump( size_t from );
size_t fake_pal_count_op( size_t from,
                          PalOp_t op );
/* Contents of the file the last createFile opened. */
const uint8_t * fake_pal_image( uint32_t * pSize );
/* Number of writeBlock calls at this offset since `from`. */
size_t fake_pal_writes_at( size_t from,
                           uint32_t offset );
/* Signature the agent passed at the last closeFile. */
const uint8_t * fake_pal_close_signature( uint16_t * pSize );
/* Count of writes outside [0, fileSize) or on a closed/unknown file handle. */
int fake_pal_violations( void );

typedef struct
{
    PalOp_t op;
    int state;         /* PAL_SET_STATE: expected state; -1 any */
    uint32_t offset;   /* PAL_WRITE */
    uint32_t len;      /* PAL_WRITE */
} PalExpect_t;

/* Checks the PAL records from `from` are exactly `exp`; PAL_GET_STATE records are skipped
 * unless includeGetState. */
void fake_expect_pal( size_t from,
                      const PalExpect_t * exp,
                      size_t count,
                      bool includeGetState,
                      const char * what );

/* Checks the stored file equals `expected`, and that each block was written exactly once
 * since PAL record `from`. */
void fake_expect_image( size_t from,
                        const uint8_t * expected,
                        uint32_t size,
                        const char * what );

/* ------------------------------------------------------------------------ */
/* Application callback records.                                            */

typedef struct
{
    OtaJobEvent_t event;
    void * pData;
    bool hasDoc;
    char jobId[ 128 ];
    size_t jobIdLength;
    uint32_t fileTypeId;
    int status;
    int reason;
    int subReason;
    int apiResult;     /* result of the API the app called from this event, or -1 */
} CbRec_t;

typedef struct
{
    bool activateCallsApi;      /* on Activate, call OTA_ActivateNewImage() */
    OtaImageState_t selfTest;   /* on StartTest, OTA_SetImageState( this ); Unknown = nothing */
} FakeAppConfig_t;

extern FakeAppConfig_t fake_app;

size_t fake_cb_count( void );
const CbRec_t * fake_cb_get( size_t index );
size_t fake_cb_count_event( size_t from,
                            OtaJobEvent_t event );
long fake_cb_find( size_t from,
                   OtaJobEvent_t event );
void fake_cb_dump( size_t from );
const char * fake_job_event_name( OtaJobEvent_t event );

/* Buffers handed to the agent and not returned through OtaJobEventProcessed. */
int fake_pool_outstanding( void );

/* ------------------------------------------------------------------------ */
/* Scripted cloud.                                                          */

typedef enum
{
    BLOCK_DELIVER = 0,
    BLOCK_DROP,
    BLOCK_DUPLICATE
} BlockAction_t;

typedef struct
{
    bool answerJobs;       /* answer $next/get (default true) */
    bool silentStream;     /* record stream requests but send nothing */
    bool silentHttp;       /* record range requests but send nothing */
    bool reverseBatches;   /* send each batch of blocks in reverse order */
    /* Per-block decision; delivery = how many times this block was sent before. */
    BlockAction_t ( * filter )( uint32_t blockIndex,
                                unsigned delivery );
} FakeCloudConfig_t;

extern FakeCloudConfig_t fake_cloud;

/* What $next/get returns: an execution object (JSON text), or NULL for "no job". */
void fake_cloud_set_next_job( const char * executionJson );
/* Image served for stream `name` (file id `fileId`), and for URL `url`. Data is copied. */
void fake_cloud_add_stream( const char * name,
                            uint32_t fileId,
                            const uint8_t * data,
                            uint32_t size );
void fake_cloud_add_url( const char * url,
                         const uint8_t * data,
                         uint32_t size );
/* Sends a notify-next message: {"timestamp":..,"execution":{..}} or {"timestamp":..}. */
bool fake_cloud_notify_next( const char * executionJson );
/* Hands raw bytes to the agent as a job document or a file block. */
bool fake_signal_job_raw( const char * doc,
                          size_t len );
bool fake_signal_block_raw( const uint8_t * data,
                            size_t len );
/* Signals an event without data (Start, ...). */
bool fake_signal_event( OtaEvent_t event );
/* Number of data messages the cloud has sent for block `index` (all streams). */
unsigned fake_cloud_block_sends( uint32_t index );

/* Job document builders. */
int job_exec( char * out,
              size_t cap,
              const char * jobId,
              const char * statusDetails, /* JSON object text or NULL */
              const char * afrOta );      /* JSON object text */
int job_afr_ota_mqtt( char * out,
                      size_t cap,
                      const char * stream,
                      uint32_t fileSize,
                      uint32_t fileId,
                      const char * sigB64,
                      const char * extraFileFields ); /* e.g. ,"fileType":2 or "" */
int job_afr_ota_http( char * out,
                      size_t cap,
                      const char * url,
                      uint32_t fileSize,
                      const char * sigB64 );

/* Deterministic test bytes and base64. */
void fake_make_bytes( uint8_t * out,
                      size_t len,
                      uint32_t seed );
size_t fake_base64( const uint8_t * in,
                    size_t len,
                    char * out,
                    size_t cap );
/* The signature bytes every scenario uses, and their base64. */
const uint8_t * fake_signature( void );
const char * fake_signature_b64( void );

/* ------------------------------------------------------------------------ */
/* Minimal CBOR writer (definite lengths, shortest heads), for crafted blocks. */

typedef struct
{
    uint8_t * buf;
    size_t cap;
    size_t len;
    bool overflow;
} CborWriter_t;

void cbw_init( CborWriter_t * w,
               uint8_t * buf,
               size_t cap );
void cbw_map( CborWriter_t * w,
              uint64_t pairs );
void cbw_uint( CborWriter_t * w,
               uint64_t v );
void cbw_int( CborWriter_t * w,
              int64_t v );
void cbw_text( CborWriter_t * w,
               const char * s );
void cbw_bytes( CborWriter_t * w,
                const uint8_t * p,
                size_t n );

/* A well-formed data message {"c":"rdy","f":f,"l":l,"i":i,"p":payload}. */
size_t fake_cbor_block( uint8_t * out,
                        size_t cap,
                        int64_t fileId,
                        int64_t blockId,
                        int64_t blockSize,
                        const uint8_t * payload,
                        size_t payloadLen );

/* Hex of bytes, for messages (static buffer). */
const char * fake_hex( const uint8_t * p,
                       size_t n );

#endif /* ABI_FAKES_H */
