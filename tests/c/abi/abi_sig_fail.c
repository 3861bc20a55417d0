/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: the PAL's closeFile rejects the file.
 *
 * Job 1: closeFile returns OTA_PAL_COMBINE_ERR( OtaPalSignatureCheckFailed, 0 ).
 * Job 2: closeFile returns OTA_PAL_COMBINE_ERR( OtaPalBadSignerCert, 0x123 ).
 * Either way: FAILED status with "0x<main>: 0x<sub>", the platform image state set to
 * Rejected, callback Fail, no Activate and no "ready" status, the file aborted.
 */

#include <stdio.h>
#include <string.h>

#include "fakes.h"
#include "ota_appversion32.h"

const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 1 } };
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

#define FILE_SIZE    ( 2U * 1024U + 100U )

static uint8_t image[ FILE_SIZE ];

static void check_rejected_job( const char * jobId,
                                const char * stream,
                                size_t mq0,
                                size_t pal0,
                                size_t cb0,
                                bool firstJob,
                                const char * failedPayload )
{
    char updTopic[ 320 ];
    char dataTopic[ 320 ];
    char getTopic[ 320 ];

    ( void ) snprintf( updTopic, sizeof( updTopic ), "%s", topic_update( jobId ) );
    ( void ) snprintf( dataTopic, sizeof( dataTopic ), "%s", topic_stream_data( stream ) );
    ( void ) snprintf( getTopic, sizeof( getTopic ), "%s", topic_stream_get( stream ) );

    {
        const MqExpect_t withRequest[] =
        {
            { MQ_SUB,   topic_notify_next(), EXP_ANY,          NULL, 1, 0 },
            { MQ_PUB,   topic_next_get(),    EXP_CLIENT_TOKEN, NULL, 1, 0 },
            { MQ_SUB,   dataTopic,           EXP_ANY,          NULL, 0, 0 },
            { MQ_PUB,   getTopic,            EXP_CBOR_REQUEST, "07", 0, 0 },
            { MQ_PUB,   updTopic,            EXP_EXACT, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"receive\":\"1/3\"}}", 0, 0 },
            { MQ_PUB,   updTopic,            EXP_EXACT, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"receive\":\"2/3\"}}", 0, 0 },
            { MQ_PUB,   updTopic,            EXP_EXACT, failedPayload, 1, 0 },
            { MQ_UNSUB, dataTopic,           EXP_ANY,          NULL, -1, 0 },
        };

        /* The second job arrives on notify-next, so there is no job request. */
        if( firstJob )
        {
            fake_expect_mqtt( mq0, withRequest, 8U, "MQTT conversation of a rejected file" );
        }
        else
        {
            fake_expect_mqtt( mq0, &withRequest[ 2 ], 6U, "MQTT conversation of a rejected file" );
        }
    }

    {
        const PalExpect_t expected[] =
        {
            { PAL_CREATE,    -1,                      0,    0    },
            { PAL_WRITE,     -1,                      0,    1024 },
            { PAL_WRITE,     -1,                      1024, 1024 },
            { PAL_WRITE,     -1,                      2048, 100  },
            { PAL_CLOSE,     -1,                      0,    0    },
            { PAL_SET_STATE, OtaImageStateRejected,   0,    0    },
            { PAL_ABORT,     -1,                      0,    0    },
        };

        fake_expect_pal( pal0, expected, sizeof( expected ) / sizeof( expected[ 0 ] ), false, "PAL calls of a rejected file" );
    }

    CHECK_INT( 0, fake_cb_count_event( cb0, OtaJobEventActivate ), "Activate callbacks for a rejected file" );
    CHECK_INT( 1, fake_cb_count_event( cb0, OtaJobEventFail ), "Fail callbacks for a rejected file" );
    CHECK_INT( 0, fake_pal_count_op( pal0, PAL_ACTIVATE ), "pal.activate calls for a rejected file" );
    CHECK_INT( 0, fake_mqtt_count_status( mq0, jobId, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"self_test\"" ),
               "self_test statuses for a rejected file" );
    CHECK_INT( 0, fake_pool_outstanding(), "event buffers still with the agent" );
    CHECK_STATE( OtaAgentStateWaitingForJob, "state after a rejected file" );
}

int main( void )
{
    char afr[ 1024 ];
    char exec[ 2048 ];
    size_t mq0;
    size_t pal0;
    size_t cb0;

    fake_setup( "sig_fail" );

    fake_make_bytes( image, sizeof( image ), 4U );
    fake_cloud_add_stream( "stream-sig1", 0U, image, FILE_SIZE );
    fake_cloud_add_stream( "stream-sig2", 0U, image, FILE_SIZE );

    /* Job 1: signature check fails. */
    ( void ) job_afr_ota_mqtt( afr, sizeof( afr ), "stream-sig1", FILE_SIZE, 0U, fake_signature_b64(), "" );
    ( void ) job_exec( exec, sizeof( exec ), "job-sig-1", NULL, afr );
    fake_cloud_set_next_job( exec );
    fake_pal.closeResult = OTA_PAL_COMBINE_ERR( OtaPalSignatureCheckFailed, 0 );

    mq0 = fake_mqtt_count();
    pal0 = fake_pal_count();
    cb0 = fake_cb_count();
    CHECK_INT( OtaErrNone, fake_start_agent( true ), "OTA_Init" );
    ( void ) fake_drive();
    check_rejected_job( "job-sig-1", "stream-sig1", mq0, pal0, cb0, true,
                        "{\"status\":\"FAILED\",\"statusDetails\":{\"reason\":\"0x000000e3: 0x00000000\"}}" );

    {
        long f = fake_cb_find( cb0, OtaJobEventFail );

        if( f >= 0 )
        {
            const CbRec_t * r = fake_cb_get( ( size_t ) f );
            CHECK( !r->hasDoc || ( strncmp( r->jobId, "job-sig-1", 9 ) == 0 ), "Fail callback names job \"%s\"", r->jobId );
        }
    }

    /* Job 2 (new job on notify-next): bad signer certificate with a platform sub-code. */
    ( void ) job_afr_ota_mqtt( afr, sizeof( afr ), "stream-sig2", FILE_SIZE, 0U, fake_signature_b64(), "" );
    ( void ) job_exec( exec, sizeof( exec ), "job-sig-2", NULL, afr );
    fake_pal.closeResult = OTA_PAL_COMBINE_ERR( OtaPalBadSignerCert, 0x123 );

    mq0 = fake_mqtt_count();
    pal0 = fake_pal_count();
    cb0 = fake_cb_count();
    CHECK( fake_cloud_notify_next( exec ), "signal notify-next" );
    ( void ) fake_drive();
    check_rejected_job( "job-sig-2", "stream-sig2", mq0, pal0, cb0, false,
                        "{\"status\":\"FAILED\",\"statusDetails\":{\"reason\":\"0x000000e7: 0x00000123\"}}" );

    fake_shutdown_agent( 1 );
    return fake_finish();
}
