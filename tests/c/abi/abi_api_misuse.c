/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: the API used out of order or with bad arguments.
 *
 * Every OTA_* call before OTA_Init and after OTA_Shutdown returns the documented
 * code without touching any interface; OTA_Init rejects a missing or too long
 * thing name; a second OTA_Init only resets the statistics; a re-init after
 * shutdown drains the queue and returns left-over buffers; the *_strerror
 * functions name every value and "InvalidErrorCode" otherwise.
 */

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "fakes.h"
#include "ota_appversion32.h"

const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 1 } };
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

typedef struct
{
    long long value;
    const char * name;
} Name_t;

#define NAME( e )    { ( long long ) ( e ), #e }

static void check_stopped_api( const char * when )
{
    char what[ 160 ];
    OtaAgentStatistics_t stats;
    OtaEventMsg_t msg;
    size_t mq = fake_mqtt_count();
    size_t pal = fake_pal_count();
    size_t q = fake_queue_len();
    OtaErr_t err;

#define WHAT( s )    ( ( void ) snprintf( what, sizeof( what ), "%s %s", s, when ), what )

    CHECK_INT( OtaAgentStateStopped, OTA_GetState(), WHAT( "OTA_GetState()" ) );
    CHECK_INT( OtaErrAgentStopped, OTA_Suspend(), WHAT( "OTA_Suspend()" ) );
    CHECK_INT( OtaErrAgentStopped, OTA_Resume(), WHAT( "OTA_Resume()" ) );
    CHECK_INT( OtaErrSignalEventFailed, OTA_CheckForUpdate(), WHAT( "OTA_CheckForUpdate()" ) );
    CHECK_INT( OtaErrSignalEventFailed, OTA_SetImageState( OtaImageStateAborted ), WHAT( "OTA_SetImageState(Aborted)" ) );
    CHECK_INT( OtaErrInvalidArg, OTA_SetImageState( OtaImageStateTesting ), WHAT( "OTA_SetImageState(Testing)" ) );
    CHECK_INT( OtaErrInvalidArg, OTA_SetImageState( OtaImageStateUnknown ), WHAT( "OTA_SetImageState(Unknown)" ) );
    CHECK_INT( OtaErrInvalidArg, OTA_SetImageState( ( OtaImageState_t ) 77 ), WHAT( "OTA_SetImageState(77)" ) );
    CHECK_INT( OtaErrInvalidArg, OTA_GetStatistics( NULL ), WHAT( "OTA_GetStatistics(NULL)" ) );
    ( void ) memset( &stats, 0xff, sizeof( stats ) );
    CHECK_INT( OtaErrNone, OTA_GetStatistics( &stats ), WHAT( "OTA_GetStatistics(&s)" ) );
    CHECK( ( stats.otaPacketsReceived == 0U ) && ( stats.otaPacketsQueued == 0U ) && ( stats.otaPacketsProcessed == 0U ) &&
           ( stats.otaPacketsDropped == 0U ), "statistics not zero %s", when );

    ( void ) memset( &msg, 0, sizeof( msg ) );
    msg.eventId = OtaAgentEventStart;
    CHECK( !OTA_SignalEvent( &msg ), "OTA_SignalEvent(Start) returned true %s", when );
    msg.eventId = OtaAgentEventReceivedFileBlock;
    CHECK( !OTA_SignalEvent( &msg ), "OTA_SignalEvent(ReceivedFileBlock) returned true %s", when );

    CHECK_INT( OtaAgentStateStopped, OTA_Shutdown( 0, 0 ), WHAT( "OTA_Shutdown(0, 0)" ) );
    CHECK_INT( OtaAgentStateStopped, OTA_Shutdown( 1000, 1 ), WHAT( "OTA_Shutdown(1000, 1)" ) );
    CHECK_INT( OtaAgentStateStopped, OTA_EventProcess(), WHAT( "OTA_EventProcess()" ) );
    OTA_EventProcessingTask( NULL ); /* must return at once when stopped */
    CHECK_INT( OtaAgentStateStopped, OTA_GetState(), WHAT( "OTA_GetState() after OTA_EventProcessingTask" ) );
    CHECK_INT( OtaImageStateUnknown, OTA_GetImageState(), WHAT( "OTA_GetImageState()" ) );

    /* Accepted/Rejected run synchronously (PAL, then a status for the active job);
     * with no agent running there is no job, so they cannot succeed. */
    err = OTA_SetImageState( OtaImageStateAccepted );
    CHECK( err != OtaErrNone, "OTA_SetImageState(Accepted) returned OtaErrNone %s", when );
    abi_note( "OTA_SetImageState(Accepted) %s -> %s", when, OTA_Err_strerror( err ) );
    err = OTA_SetImageState( OtaImageStateRejected );
    CHECK( err != OtaErrNone, "OTA_SetImageState(Rejected) returned OtaErrNone %s", when );

    CHECK_INT( ( long long ) mq, ( long long ) fake_mqtt_count(), WHAT( "MQTT operations by API calls" ) );
    CHECK_INT( ( long long ) q, ( long long ) fake_queue_len(), WHAT( "events queued by API calls" ) );

    /* OTA_ActivateNewImage calls the PAL when it has one; either way not "None" unless activate succeeded. */
    err = OTA_ActivateNewImage();

    if( fake_pal_count_op( pal, PAL_ACTIVATE ) == 0U )
    {
        CHECK_INT( OtaErrActivateFailed, err, WHAT( "OTA_ActivateNewImage() without a PAL" ) );
    }

    CHECK_INT( 0, fake_pal_count_op( pal, PAL_CREATE ) + fake_pal_count_op( pal, PAL_WRITE ) +
               fake_pal_count_op( pal, PAL_CLOSE ) + fake_pal_count_op( pal, PAL_RESET ), WHAT( "PAL file calls" ) );
#undef WHAT
}

static void check_names( const char * fn,
                         const char * ( *f )( long long ),
                         const Name_t * names,
                         size_t count )
{
    size_t i;

    for( i = 0; i < count; i++ )
    {
        const char * got = f( names[ i ].value );

        CHECK( ( got != NULL ) && ( strcmp( got, names[ i ].name ) == 0 ), "%s(%lld): expected \"%s\", got \"%s\"", fn,
               names[ i ].value, names[ i ].name, ( got != NULL ) ? got : "(null)" );
    }
}

static const char * err_str( long long v )
{
    return OTA_Err_strerror( ( OtaErr_t ) v );
}

static const char * parse_str( long long v )
{
    return OTA_JobParse_strerror( ( OtaJobParseErr_t ) v );
}

static const char * pal_str( long long v )
{
    return OTA_PalStatus_strerror( ( OtaPalMainStatus_t ) v );
}

static const char * os_str( long long v )
{
    return OTA_OsStatus_strerror( ( OtaOsStatus_t ) v );
}

static void check_strerror( void )
{
    static const Name_t errs[] =
    {
        NAME( OtaErrNone ),                   NAME( OtaErrUninitialized ),         NAME( OtaErrPanic ),
        NAME( OtaErrInvalidArg ),             NAME( OtaErrAgentStopped ),          NAME( OtaErrSignalEventFailed ),
        NAME( OtaErrRequestJobFailed ),       NAME( OtaErrInitFileTransferFailed ), NAME( OtaErrRequestFileBlockFailed ),
        NAME( OtaErrCleanupControlFailed ),   NAME( OtaErrCleanupDataFailed ),     NAME( OtaErrUpdateJobStatusFailed ),
        NAME( OtaErrJobParserError ),         NAME( OtaErrInvalidDataProtocol ),   NAME( OtaErrMomentumAbort ),
        NAME( OtaErrDowngradeNotAllowed ),    NAME( OtaErrSameFirmwareVersion ),   NAME( OtaErrImageStateMismatch ),
        NAME( OtaErrNoActiveJob ),            NAME( OtaErrUserAbort ),             NAME( OtaErrFailedToEncodeCbor ),
        NAME( OtaErrFailedToDecodeCbor ),     NAME( OtaErrActivateFailed ),
        { 9999, "InvalidErrorCode" },         { -1, "InvalidErrorCode" },          { 0x7fffffff, "InvalidErrorCode" },
    };
    static const Name_t parse[] =
    {
        NAME( OtaJobParseErrUnknown ),            NAME( OtaJobParseErrNone ),              NAME( OtaJobParseErrNullJob ),
        NAME( OtaJobParseErrUpdateCurrentJob ),   NAME( OtaJobParseErrZeroFileSize ),      NAME( OtaJobParseErrNonConformingJobDoc ),
        NAME( OtaJobParseErrBadModelInitParams ), NAME( OtaJobParseErrNoContextAvailable ), NAME( OtaJobParseErrNoActiveJobs ),
        { OtaJobParseErrNoActiveJobs + 1, "InvalidErrorCode" }, { -2, "InvalidErrorCode" },
    };
    static const Name_t pal[] =
    {
        NAME( OtaPalSuccess ),          NAME( OtaPalUninitialized ),   NAME( OtaPalOutOfMemory ),
        NAME( OtaPalNullFileContext ),  NAME( OtaPalSignatureCheckFailed ), NAME( OtaPalRxFileCreateFailed ),
        NAME( OtaPalRxFileTooLarge ),   NAME( OtaPalBootInfoCreateFailed ), NAME( OtaPalBadSignerCert ),
        NAME( OtaPalBadImageState ),    NAME( OtaPalAbortFailed ),     NAME( OtaPalRejectFailed ),
        NAME( OtaPalCommitFailed ),     NAME( OtaPalActivateFailed ),  NAME( OtaPalFileAbort ),
        NAME( OtaPalFileClose ),
        { OtaPalFileClose + 1, "InvalidErrorCode" }, { 1, "InvalidErrorCode" }, { 0xdf, "InvalidErrorCode" },
    };
    static const Name_t os[] =
    {
        NAME( OtaOsSuccess ),               NAME( OtaOsEventQueueCreateFailed ), NAME( OtaOsEventQueueSendFailed ),
        NAME( OtaOsEventQueueReceiveFailed ), NAME( OtaOsEventQueueDeleteFailed ), NAME( OtaOsTimerCreateFailed ),
        NAME( OtaOsTimerStartFailed ),      NAME( OtaOsTimerRestartFailed ),     NAME( OtaOsTimerStopFailed ),
        NAME( OtaOsTimerDeleteFailed ),
        { OtaOsTimerDeleteFailed + 1, "InvalidErrorCode" }, { 1, "InvalidErrorCode" },
    };
    const char * s;

    check_names( "OTA_Err_strerror", err_str, errs, sizeof( errs ) / sizeof( errs[ 0 ] ) );
    check_names( "OTA_JobParse_strerror", parse_str, parse, sizeof( parse ) / sizeof( parse[ 0 ] ) );
    check_names( "OTA_PalStatus_strerror", pal_str, pal, sizeof( pal ) / sizeof( pal[ 0 ] ) );
    check_names( "OTA_OsStatus_strerror", os_str, os, sizeof( os ) / sizeof( os[ 0 ] ) );

    /* The C agent has no names for these two (it returns "InvalidErrorCode"); either is fine. */
    s = OTA_Err_strerror( OtaErrFileSizeOverflow );
    CHECK( ( strcmp( s, "OtaErrFileSizeOverflow" ) == 0 ) || ( strcmp( s, "InvalidErrorCode" ) == 0 ),
           "OTA_Err_strerror(OtaErrFileSizeOverflow) = \"%s\"", s );
    abi_note( "OTA_Err_strerror(OtaErrFileSizeOverflow) = \"%s\"", s );
    s = OTA_Err_strerror( OtaErrEmptyJobDocument );
    CHECK( ( strcmp( s, "OtaErrEmptyJobDocument" ) == 0 ) || ( strcmp( s, "InvalidErrorCode" ) == 0 ),
           "OTA_Err_strerror(OtaErrEmptyJobDocument) = \"%s\"", s );
    abi_note( "OTA_Err_strerror(OtaErrEmptyJobDocument) = \"%s\"", s );
}

int main( void )
{
    char longName[ otaconfigMAX_THINGNAME_LEN + 2 ];
    OtaAgentStatistics_t stats;
    OtaErr_t err;
    size_t q0;
    int initCalls;

    fake_setup( "api_misuse" );

    check_strerror();

    /* Before OTA_Init. */
    check_stopped_api( "before OTA_Init" );
    CHECK_INT( 0, fake_event_init_calls(), "os.event.init calls before OTA_Init" );

    /* Bad OTA_Init arguments leave the agent stopped. */
    err = OTA_Init( fake_app_buffers( true ), fake_interfaces(), NULL, fake_app_callback );
    CHECK_INT( OtaErrUninitialized, err, "OTA_Init with a NULL thing name" );
    CHECK_STATE( OtaAgentStateStopped, "state after OTA_Init with a NULL thing name" );

    ( void ) memset( longName, 'x', sizeof( longName ) );
    longName[ otaconfigMAX_THINGNAME_LEN + 1 ] = '\0';
    err = OTA_Init( fake_app_buffers( true ), fake_interfaces(), ( const uint8_t * ) longName, fake_app_callback );
    CHECK_INT( OtaErrUninitialized, err, "OTA_Init with a thing name of otaconfigMAX_THINGNAME_LEN + 1 characters" );
    CHECK_STATE( OtaAgentStateStopped, "state after OTA_Init with a too long thing name" );

    err = OTA_Init( fake_app_buffers( true ), NULL, ( const uint8_t * ) ABI_THING_NAME, fake_app_callback );
    CHECK( err != OtaErrNone, "OTA_Init with NULL interfaces returned OtaErrNone" );
    CHECK_STATE( OtaAgentStateStopped, "state after OTA_Init with NULL interfaces" );
    abi_note( "OTA_Init(NULL interfaces) -> %s", OTA_Err_strerror( err ) );

    /* Each required interface entry missing: refused, agent stays stopped. */
    {
        static const struct
        {
            size_t offset;
            const char * name;
        } required[] =
        {
            { offsetof( OtaInterfaces_t, os.event.init ),             "os.event.init"             },
            { offsetof( OtaInterfaces_t, os.event.send ),             "os.event.send"             },
            { offsetof( OtaInterfaces_t, os.event.recv ),             "os.event.recv"             },
            { offsetof( OtaInterfaces_t, os.timer.start ),            "os.timer.start"            },
            { offsetof( OtaInterfaces_t, os.timer.stop ),             "os.timer.stop"             },
            { offsetof( OtaInterfaces_t, os.timer.delete ),           "os.timer.delete"           },
            { offsetof( OtaInterfaces_t, os.mem.malloc ),             "os.mem.malloc"             },
            { offsetof( OtaInterfaces_t, os.mem.free ),               "os.mem.free"               },
            { offsetof( OtaInterfaces_t, mqtt.subscribe ),            "mqtt.subscribe"            },
            { offsetof( OtaInterfaces_t, mqtt.unsubscribe ),          "mqtt.unsubscribe"          },
            { offsetof( OtaInterfaces_t, mqtt.publish ),              "mqtt.publish"              },
            { offsetof( OtaInterfaces_t, pal.abort ),                 "pal.abort"                 },
            { offsetof( OtaInterfaces_t, pal.createFile ),            "pal.createFile"            },
            { offsetof( OtaInterfaces_t, pal.closeFile ),             "pal.closeFile"             },
            { offsetof( OtaInterfaces_t, pal.writeBlock ),            "pal.writeBlock"            },
            { offsetof( OtaInterfaces_t, pal.setPlatformImageState ), "pal.setPlatformImageState" },
            { offsetof( OtaInterfaces_t, pal.getPlatformImageState ), "pal.getPlatformImageState" },
            /* This configuration enables HTTP. */
            { offsetof( OtaInterfaces_t, http.init ),                 "http.init"                 },
            { offsetof( OtaInterfaces_t, http.request ),              "http.request"              },
            { offsetof( OtaInterfaces_t, http.deinit ),               "http.deinit"               },
        };
        static OtaInterfaces_t partial; /* the agent would keep a pointer to it */
        size_t k;

        for( k = 0; k < sizeof( required ) / sizeof( required[ 0 ] ); k++ )
        {
            partial = *fake_interfaces();
            ( void ) memset( ( char * ) &partial + required[ k ].offset, 0, sizeof( void ( * )( void ) ) );
            err = OTA_Init( fake_app_buffers( true ), &partial, ( const uint8_t * ) ABI_THING_NAME, fake_app_callback );
            CHECK( err == OtaErrInvalidArg, "OTA_Init without %s returned %s", required[ k ].name, OTA_Err_strerror( err ) );
            CHECK_STATE( OtaAgentStateStopped, "state after OTA_Init without an interface entry" );
        }

        /* Entries the agent can do without: os.event.deinit. */
        partial = *fake_interfaces();
        partial.os.event.deinit = NULL;
        err = OTA_Init( fake_app_buffers( true ), &partial, ( const uint8_t * ) ABI_THING_NAME, fake_app_callback );
        CHECK_INT( OtaErrNone, err, "OTA_Init without os.event.deinit" );

        if( err == OtaErrNone )
        {
            fake_shutdown_agent( 0 );
        }
    }

    /* The C agent dereferences a NULL OtaAppBuffer_t; refusing it, or taking it as
     * "no application buffers", are both safe. */
    err = OTA_Init( NULL, fake_interfaces(), ( const uint8_t * ) ABI_THING_NAME, fake_app_callback );
    abi_note( "OTA_Init(NULL buffers) -> %s", OTA_Err_strerror( err ) );

    if( err == OtaErrNone )
    {
        CHECK_STATE( OtaAgentStateInit, "state after OTA_Init with NULL application buffers" );
        fake_shutdown_agent( 0 );
    }
    else
    {
        CHECK_STATE( OtaAgentStateStopped, "state after a rejected OTA_Init with NULL application buffers" );
    }

    /* A caller built with another configuration is refused (OTA_Init expands to this). */
    initCalls = fake_event_init_calls();
    err = OTA_InitWithConfigCheck( fake_app_buffers( true ), fake_interfaces(), ( const uint8_t * ) ABI_THING_NAME,
                                   fake_app_callback, 12U, otaconfigMAX_THINGNAME_LEN, OTA_MAX_BLOCK_BITMAP_SIZE,
                                   ( uint32_t ) sizeof( OtaEventData_t ), ( uint32_t ) sizeof( OtaJobDocument_t ),
                                   ( uint32_t ) sizeof( OtaFileContext_t ) );
    CHECK_INT( OtaErrInvalidArg, err, "OTA_Init from a caller built with otaconfigLOG2_FILE_BLOCK_SIZE 12" );
    CHECK_STATE( OtaAgentStateStopped, "state after a configuration mismatch" );
    err = OTA_InitWithConfigCheck( fake_app_buffers( true ), fake_interfaces(), ( const uint8_t * ) ABI_THING_NAME,
                                   fake_app_callback, otaconfigLOG2_FILE_BLOCK_SIZE, otaconfigMAX_THINGNAME_LEN,
                                   OTA_MAX_BLOCK_BITMAP_SIZE, ( uint32_t ) sizeof( OtaEventData_t ) + 4U,
                                   ( uint32_t ) sizeof( OtaJobDocument_t ), ( uint32_t ) sizeof( OtaFileContext_t ) );
    CHECK_INT( OtaErrInvalidArg, err, "OTA_Init from a caller whose OtaEventData_t is 4 bytes larger" );
    err = OTA_InitWithConfigCheck( fake_app_buffers( true ), fake_interfaces(), ( const uint8_t * ) ABI_THING_NAME,
                                   fake_app_callback, otaconfigLOG2_FILE_BLOCK_SIZE, otaconfigMAX_THINGNAME_LEN,
                                   OTA_MAX_BLOCK_BITMAP_SIZE, ( uint32_t ) sizeof( OtaEventData_t ),
                                   ( uint32_t ) sizeof( OtaJobDocument_t ) - 12U, ( uint32_t ) sizeof( OtaFileContext_t ) );
    CHECK_INT( OtaErrInvalidArg, err, "OTA_Init from a caller with 1-byte enums (smaller OtaJobDocument_t)" );
    CHECK_INT( initCalls, fake_event_init_calls(), "os.event.init calls made by refused OTA_Init calls" );

    check_stopped_api( "after rejected OTA_Init calls" );

    /* A good OTA_Init, then a second one: statistics reset, nothing else. */
    longName[ otaconfigMAX_THINGNAME_LEN ] = '\0'; /* exactly the maximum length */
    err = OTA_Init( fake_app_buffers( true ), fake_interfaces(), ( const uint8_t * ) longName, fake_app_callback );
    CHECK_INT( OtaErrNone, err, "OTA_Init with a thing name of exactly otaconfigMAX_THINGNAME_LEN characters" );
    CHECK_STATE( OtaAgentStateInit, "state after OTA_Init" );
    CHECK( fake_event_init_calls() == 1, "os.event.init called %d times after the first successful OTA_Init(s)",
           fake_event_init_calls() );
    err = OTA_Init( fake_app_buffers( true ), fake_interfaces(), ( const uint8_t * ) ABI_THING_NAME, fake_app_callback );
    CHECK_INT( OtaErrNone, err, "second OTA_Init while running" );
    CHECK_STATE( OtaAgentStateInit, "state after a second OTA_Init" );
    CHECK_INT( 1, fake_event_init_calls(), "os.event.init calls after a second OTA_Init" );

    /* The thing name of the first OTA_Init stays in force. */
    fake_cloud_set_next_job( NULL );
    CHECK( fake_signal_event( OtaAgentEventStart ), "OTA_SignalEvent(Start)" );
    ( void ) fake_drive();
    CHECK_STATE( OtaAgentStateWaitingForJob, "state after Start with no job" );
    {
        char topic[ 400 ];
        ( void ) snprintf( topic, sizeof( topic ), "$aws/things/%s/jobs/$next/get", longName );
        CHECK_INT( 1, fake_mqtt_count_op( 0, MQ_PUB, topic ), "job requests on the topic of the 128-character thing name" );
    }

    /* Image state calls with no active job. */
    err = OTA_SetImageState( OtaImageStateAccepted );
    CHECK_INT( OtaErrNoActiveJob, err, "OTA_SetImageState(Accepted) with no active job" );
    CHECK_INT( 0, fake_mqtt_count_any_status( 0 ), "job statuses published with no active job" );
    CHECK_INT( OtaErrNone, OTA_SetImageState( OtaImageStateAborted ), "OTA_SetImageState(Aborted) while running (queued)" );
    CHECK_INT( OtaErrNone, OTA_CheckForUpdate(), "OTA_CheckForUpdate while running (queued)" );
    ( void ) fake_drive();
    CHECK_STATE( OtaAgentStateWaitingForJob, "state after UserAbort and CheckForUpdate with no job" );
    CHECK_INT( OtaErrNone, OTA_GetStatistics( &stats ), "OTA_GetStatistics while running" );

    /* Shutdown with a job document still queued behind it; a later OTA_Init returns it. */
    CHECK_INT( OtaAgentStateWaitingForJob, OTA_Shutdown( 0, 1 ), "OTA_Shutdown(0, 1) returns at once with the current state" );
    {
        static const char leftover[] = "{\"clientToken\":\"x\",\"timestamp\":1}";
        CHECK( fake_signal_job_raw( leftover, strlen( leftover ) ), "queue a job document behind Shutdown" );
    }
    q0 = fake_queue_len();
    CHECK_INT( 2, ( long long ) q0, "events queued (Shutdown + job document)" );
    ( void ) OTA_EventProcess();
    CHECK_STATE( OtaAgentStateStopped, "state after the Shutdown event" );
    {
        char topic[ 400 ];
        ( void ) snprintf( topic, sizeof( topic ), "$aws/things/%s/jobs/notify-next", longName );
        CHECK_INT( 1, fake_mqtt_count_op( 0, MQ_UNSUB, topic ), "unsubscribes from notify-next at shutdown" );
    }

    check_stopped_api( "after OTA_Shutdown" );
    CHECK_INT( 1, fake_pool_outstanding(), "buffers queued behind Shutdown (not yet returned)" );

    err = OTA_Init( fake_app_buffers( true ), fake_interfaces(), ( const uint8_t * ) ABI_THING_NAME, fake_app_callback );
    CHECK_INT( OtaErrNone, err, "OTA_Init after OTA_Shutdown" );
    CHECK_STATE( OtaAgentStateInit, "state after re-init" );
    CHECK_INT( 1, fake_event_init_calls(), "os.event.init calls after re-init (queue is reused and drained)" );
    CHECK_INT( 0, ( long long ) fake_queue_len(), "events left in the queue after re-init" );
    CHECK_INT( 0, fake_pool_outstanding(), "buffers not returned by the re-init drain" );

    /* Start again with the short thing name. */
    {
        size_t mq = fake_mqtt_count();

        CHECK( fake_signal_event( OtaAgentEventStart ), "OTA_SignalEvent(Start) after re-init" );
        ( void ) fake_drive();
        CHECK_STATE( OtaAgentStateWaitingForJob, "state after Start following re-init" );
        CHECK_INT( 1, fake_mqtt_count_op( mq, MQ_PUB, topic_next_get() ), "job requests after re-init" );
    }

    fake_shutdown_agent( 1 );
    check_stopped_api( "after the second OTA_Shutdown" );

    return fake_finish();
}
