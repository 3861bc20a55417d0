/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: a full firmware update over MQTT streams, driven with OTA_EventProcess.
 *
 * File of 10 full 1 KiB blocks plus a 300-byte last block (11 blocks), four blocks
 * per GetStream request, progress every second block. Checks the exact MQTT
 * conversation, the PAL call sequence, the stored image, the signature handed to
 * closeFile, the callbacks, statistics, and that every buffer comes back.
 */

#include <stdio.h>
#include <string.h>

#include "fakes.h"
#include "ota_appversion32.h"

/* Running firmware 1.0.1, as the application defines it. */
const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 1 } };
/* Key of the signature in the job document, as a PAL defines it. */
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

#define FILE_SIZE    ( 10U * 1024U + 300U )
#define STREAM       "stream-a1"
#define JOB_ID       "job-mqtt-1"
#define FILE_ID      3U

static uint8_t image[ FILE_SIZE ];

int main( void )
{
    char afr[ 1024 ];
    char exec[ 2048 ];
    size_t mq0;
    size_t pal0;
    OtaAgentStatistics_t stats;
    uint16_t sigSize = 0;
    const uint8_t * sig;
    long cbActivate;
    long cbReceived;
    OtaErr_t err;
    uint32_t i;

    fake_setup( "mqtt_update" );

    CHECK_INT( 0x01000001, appFirmwareVersion.u.unsignedVersion32, "AppVersion32 of 1.0.1 (major<<24|minor<<16|build)" );

    fake_make_bytes( image, sizeof( image ), 1U );
    fake_cloud_add_stream( STREAM, FILE_ID, image, FILE_SIZE );
    ( void ) job_afr_ota_mqtt( afr, sizeof( afr ), STREAM, FILE_SIZE, FILE_ID, fake_signature_b64(), "" );
    ( void ) job_exec( exec, sizeof( exec ), JOB_ID, NULL, afr );
    fake_cloud_set_next_job( exec );

    CHECK_STATE( OtaAgentStateStopped, "state before OTA_Init" );
    mq0 = fake_mqtt_count();
    pal0 = fake_pal_count();

    err = fake_start_agent( true );
    CHECK_INT( OtaErrNone, err, "OTA_Init" );
    CHECK_STATE( OtaAgentStateInit, "state after OTA_Init" );
    CHECK_INT( 1, fake_event_init_calls(), "os.event.init calls after the first OTA_Init" );

    ( void ) fake_drive();

    CHECK_STATE( OtaAgentStateWaitingForJob, "state after the download" );
    CHECK( !fake_timer_armed( OtaRequestTimer ), "request timer still armed after the file was closed" );

    /* The conversation, operation by operation. */
    {
        const char * upd = topic_update( JOB_ID );
        char dataTopic[ 320 ];
        char getTopic[ 320 ];
        char updTopic[ 320 ];

        ( void ) snprintf( dataTopic, sizeof( dataTopic ), "%s", topic_stream_data( STREAM ) );
        ( void ) snprintf( getTopic, sizeof( getTopic ), "%s", topic_stream_get( STREAM ) );
        ( void ) snprintf( updTopic, sizeof( updTopic ), "%s", upd );

        const MqExpect_t expected[] =
        {
            { MQ_SUB,   topic_notify_next(), EXP_ANY,          NULL, 1, 0 },
            { MQ_PUB,   topic_next_get(),    EXP_CLIENT_TOKEN, NULL, 1, 0 },
            { MQ_SUB,   dataTopic,           EXP_ANY,          NULL, 0, 0 },
            { MQ_PUB,   getTopic,            EXP_CBOR_REQUEST, "ff07", 0, FILE_ID },
            { MQ_PUB,   updTopic,            EXP_EXACT, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"receive\":\"1/11\"}}", 0, 0 },
            { MQ_PUB,   updTopic,            EXP_EXACT, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"receive\":\"2/11\"}}", 0, 0 },
            { MQ_PUB,   updTopic,            EXP_EXACT, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"receive\":\"4/11\"}}", 0, 0 },
            { MQ_PUB,   getTopic,            EXP_CBOR_REQUEST, "f007", 0, FILE_ID },
            { MQ_PUB,   updTopic,            EXP_EXACT, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"receive\":\"6/11\"}}", 0, 0 },
            { MQ_PUB,   updTopic,            EXP_EXACT, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"receive\":\"8/11\"}}", 0, 0 },
            { MQ_PUB,   getTopic,            EXP_CBOR_REQUEST, "0007", 0, FILE_ID },
            { MQ_PUB,   updTopic,            EXP_EXACT, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"receive\":\"10/11\"}}", 0, 0 },
            { MQ_PUB,   updTopic,            EXP_EXACT, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"self_test\":\"ready\",\"updatedBy\":\"0x01000001\"}}", 1, 0 },
            { MQ_UNSUB, dataTopic,           EXP_ANY,          NULL, -1, 0 },
        };

        fake_expect_mqtt( mq0, expected, sizeof( expected ) / sizeof( expected[ 0 ] ), "MQTT conversation of a full update" );
    }

    /* The first request, byte for byte (tinyCBOR's shortest encodings, keys c f l o b n). */
    {
        static const uint8_t want[] =
        {
            0xA6, 0x61, 'c', 0x63, 'r', 'd', 'y', 0x61, 'f', 0x03, 0x61, 'l', 0x19, 0x04, 0x00,
            0x61, 'o', 0x00, 0x61, 'b', 0x42, 0xFF, 0x07, 0x61, 'n', 0x04
        };
        long idx = fake_mqtt_find( mq0, MQ_PUB, topic_stream_get( STREAM ) );
        const MqRec_t * r = ( idx >= 0 ) ? fake_mqtt_get( ( size_t ) idx ) : NULL;

        CHECK( r != NULL, "no GetStream request published" );

        if( r != NULL )
        {
            CHECK( ( r->len == sizeof( want ) ) && ( memcmp( r->payload, want, sizeof( want ) ) == 0 ),
                   "first GetStream request bytes: expected %s, got %s", fake_hex( want, sizeof( want ) ),
                   fake_hex( r->payload, r->len ) );
        }
    }

    /* PAL: getPlatformImageState at start, then create, 11 writes in order, close, activate, abort (close cleanup). */
    {
        PalExpect_t expected[ 16 ];
        size_t n = 0;
        const PalRec_t * first = fake_pal_get( pal0 );

        CHECK( ( first != NULL ) && ( first->op == PAL_GET_STATE ), "first PAL call is not getPlatformImageState" );

        expected[ n++ ] = ( PalExpect_t ) { PAL_CREATE, -1, 0, 0 };

        for( i = 0; i < 11U; i++ )
        {
            expected[ n++ ] = ( PalExpect_t ) { PAL_WRITE, -1, i * 1024U, ( i < 10U ) ? 1024U : 300U };
        }

        expected[ n++ ] = ( PalExpect_t ) { PAL_CLOSE, -1, 0, 0 };
        expected[ n++ ] = ( PalExpect_t ) { PAL_ACTIVATE, -1, 0, 0 };
        expected[ n++ ] = ( PalExpect_t ) { PAL_ABORT, -1, 0, 0 };
        fake_expect_pal( pal0, expected, n, false, "PAL calls of a full update" );
    }

    {
        long c = -1;
        size_t k;

        for( k = pal0; k < fake_pal_count(); k++ )
        {
            if( fake_pal_get( k )->op == PAL_CREATE )
            {
                c = ( long ) k;
                break;
            }
        }

        if( c >= 0 )
        {
            const PalRec_t * r = fake_pal_get( ( size_t ) c );
            CHECK_STR( ABI_FILE_PATH, r->path, "createFile: pFilePath" );
            CHECK_STR( ABI_CERT_PATH, r->cert, "createFile: pCertFilepath" );
            CHECK_INT( FILE_SIZE, r->fileSize, "createFile: fileSize" );
        }
    }

    fake_expect_image( pal0, image, FILE_SIZE, "stored image" );

    sig = fake_pal_close_signature( &sigSize );
    CHECK_INT( ABI_SIG_LEN, sigSize, "closeFile: pSignature->size (decoded base64)" );
    CHECK( ( sigSize == ABI_SIG_LEN ) && ( memcmp( sig, fake_signature(), ABI_SIG_LEN ) == 0 ),
           "closeFile: signature bytes differ from the job document's base64" );

    /* Callbacks: ReceivedJob, Processed for the job document, Processed per block, Activate, ... */
    cbReceived = fake_cb_find( 0, OtaJobEventReceivedJob );
    cbActivate = fake_cb_find( 0, OtaJobEventActivate );
    CHECK( cbReceived >= 0, "no OtaJobEventReceivedJob callback" );
    CHECK( cbActivate >= 0, "no OtaJobEventActivate callback" );
    CHECK_INT( 1, fake_cb_count_event( 0, OtaJobEventActivate ), "OtaJobEventActivate callbacks" );
    CHECK_INT( 0, fake_cb_count_event( 0, OtaJobEventFail ), "OtaJobEventFail callbacks" );
    CHECK_INT( 12, fake_cb_count_event( 0, OtaJobEventProcessed ), "OtaJobEventProcessed callbacks (1 job doc + 11 blocks)" );

    if( cbReceived >= 0 )
    {
        const CbRec_t * r = fake_cb_get( ( size_t ) cbReceived );
        CHECK( strncmp( r->jobId, JOB_ID, strlen( JOB_ID ) ) == 0, "ReceivedJob: pJobId \"%s\", expected \"%s\"", r->jobId, JOB_ID );
        CHECK( ( fake_cb_find( 0, OtaJobEventProcessed ) > cbReceived ), "ReceivedJob came after the job buffer was released" );
    }

    if( cbActivate >= 0 )
    {
        const CbRec_t * r = fake_cb_get( ( size_t ) cbActivate );

        CHECK( r->hasDoc, "Activate callback without an OtaJobDocument_t" );
        CHECK( strncmp( r->jobId, JOB_ID, strlen( JOB_ID ) ) == 0, "Activate: pJobId \"%s\", expected \"%s\"", r->jobId, JOB_ID );
        CHECK( ( r->jobIdLength == strlen( JOB_ID ) ) || ( r->jobIdLength == strlen( JOB_ID ) + 1U ),
               "Activate: jobIdLength %zu for \"%s\"", r->jobIdLength, JOB_ID );
        CHECK_INT( JobStatusInProgress, r->status, "Activate: job document status" );
        CHECK_INT( 1, r->reason, "Activate: job document reason (JobReasonSigCheckPassed)" );
        CHECK_INT( 0, r->fileTypeId, "Activate: fileTypeId" );
        CHECK_INT( OtaErrNone, r->apiResult, "OTA_ActivateNewImage() from the Activate callback" );
        /* The ready status goes out before the application is told to activate. */
        CHECK_INT( 1, fake_mqtt_count_status( mq0, JOB_ID, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"self_test\":\"ready\"" ),
                   "self_test ready status publishes" );
    }

    CHECK_INT( OtaErrNone, OTA_GetStatistics( &stats ), "OTA_GetStatistics" );
    CHECK_INT( 11, stats.otaPacketsReceived, "statistics: received" );
    CHECK_INT( 11, stats.otaPacketsQueued, "statistics: queued" );
    CHECK_INT( 11, stats.otaPacketsProcessed, "statistics: processed" );
    CHECK_INT( 0, stats.otaPacketsDropped, "statistics: dropped" );

    CHECK_INT( 0, fake_pool_outstanding(), "event buffers still with the agent after the download" );
    CHECK_INT( OtaImageStateUnknown, OTA_GetImageState(), "OTA_GetImageState after download (no self test yet)" );
    CHECK_INT( 0, fake_pal_count_op( pal0, PAL_SET_STATE ), "setPlatformImageState calls in a clean download" );

    /* Shutting down unsubscribes from the job notifications. */
    {
        size_t m = fake_mqtt_count();

        fake_shutdown_agent( 1 );
        CHECK_INT( 1, fake_mqtt_count_op( m, MQ_UNSUB, topic_notify_next() ), "unsubscribe from notify-next at shutdown" );
        CHECK_INT( 0, fake_mqtt_count_op( m, MQ_PUB, topic_next_get() ), "job requests during shutdown" );
        CHECK( !fake_timer_armed( OtaRequestTimer ) && !fake_timer_armed( OtaSelfTestTimer ), "a timer is armed after shutdown" );
    }

    return fake_finish();
}
