/*
 * SPDX-License-Identifier: MIT
 *
 * Run-time checks of header values that a static assertion cannot compare:
 * the text of the JSON and CBOR key macros and of the placeholder defaults,
 * and the use of PAL status macros as switch labels. Exits non-zero and
 * names the first mismatch.
 */

#include <stdio.h>
#include <string.h>

#include "ota.h"
#include "ota_cbor_private.h"

static int failures = 0;

static void expectString( const char * pName,
                          const char * pActual,
                          const char * pExpected )
{
    if( strcmp( pActual, pExpected ) != 0 )
    {
        printf( "mismatch: %s is \"%s\", expected \"%s\"\n", pName, pActual, pExpected );
        failures++;
    }
}

#define EXPECT_STRING( macro, expected )    expectString( #macro, macro, expected )

/* PAL codes must be usable as case labels (integer constant macros). */
static int isCloseFailure( OtaPalMainStatus_t status )
{
    int result = 0;

    switch( status )
    {
        case OtaPalSignatureCheckFailed:
        case OtaPalBadSignerCert:
        case OtaPalFileClose:
            result = 1;
            break;

        default:
            break;
    }

    return result;
}

int main( void )
{
    EXPECT_STRING( OTA_JSON_SEPARATOR, "." );
    EXPECT_STRING( OTA_JSON_CLIENT_TOKEN_KEY, "clientToken" );
    EXPECT_STRING( OTA_JSON_TIMESTAMP_KEY, "timestamp" );
    EXPECT_STRING( OTA_JSON_EXECUTION_KEY, "execution" );
    EXPECT_STRING( OTA_JSON_JOB_ID_KEY, "execution.jobId" );
    EXPECT_STRING( OTA_JSON_STATUS_DETAILS_KEY, "execution.statusDetails" );
    EXPECT_STRING( OTA_JSON_SELF_TEST_KEY, "execution.statusDetails.self_test" );
    EXPECT_STRING( OTA_JSON_UPDATED_BY_KEY, "execution.statusDetails.updatedBy" );
    EXPECT_STRING( OTA_JSON_UPDATED_BY_KEY_ONLY, "updatedBy" );
    EXPECT_STRING( OTA_JSON_SELF_TEST_KEY_ONLY, "self_test" );
    EXPECT_STRING( OTA_JSON_JOB_DOC_KEY, "execution.jobDocument" );
    EXPECT_STRING( OTA_JSON_OTA_UNIT_KEY, "execution.jobDocument.afr_ota" );
    EXPECT_STRING( OTA_JSON_PROTOCOLS_KEY, "execution.jobDocument.afr_ota.protocols" );
    EXPECT_STRING( OTA_JSON_FILE_GROUP_KEY, "execution.jobDocument.afr_ota.files" );
    EXPECT_STRING( OTA_JSON_STREAM_NAME_KEY, "execution.jobDocument.afr_ota.streamname" );
    EXPECT_STRING( OTA_JSON_FILE_PATH_KEY, "filepath" );
    EXPECT_STRING( OTA_JSON_FILE_SIZE_KEY, "filesize" );
    EXPECT_STRING( OTA_JSON_FILE_ID_KEY, "fileid" );
    EXPECT_STRING( OTA_JSON_FILE_ATTRIBUTE_KEY, "attr" );
    EXPECT_STRING( OTA_JSON_FILE_CERT_NAME_KEY, "certfile" );
    EXPECT_STRING( OTA_JSON_UPDATE_DATA_URL_KEY, "update_data_url" );
    EXPECT_STRING( OTA_JSON_AUTH_SCHEME_KEY, "auth_scheme" );
    EXPECT_STRING( OTA_JSON_FILETYPE_KEY, "fileType" );

    EXPECT_STRING( OTA_CBOR_CLIENTTOKEN_KEY, "c" );
    EXPECT_STRING( OTA_CBOR_FILEID_KEY, "f" );
    EXPECT_STRING( OTA_CBOR_BLOCKSIZE_KEY, "l" );
    EXPECT_STRING( OTA_CBOR_BLOCKOFFSET_KEY, "o" );
    EXPECT_STRING( OTA_CBOR_BLOCKBITMAP_KEY, "b" );
    EXPECT_STRING( OTA_CBOR_STREAMDESCRIPTION_KEY, "d" );
    EXPECT_STRING( OTA_CBOR_STREAMFILES_KEY, "r" );
    EXPECT_STRING( OTA_CBOR_FILESIZE_KEY, "z" );
    EXPECT_STRING( OTA_CBOR_BLOCKID_KEY, "i" );
    EXPECT_STRING( OTA_CBOR_BLOCKPAYLOAD_KEY, "p" );
    EXPECT_STRING( OTA_CBOR_NUMBEROFBLOCKS_KEY, "n" );

    EXPECT_STRING( otaconfigSTACK_SIZE, "Please set otaconfigSTACK_SIZE" );
    EXPECT_STRING( otaconfigAGENT_PRIORITY, "Please set otaconfigAGENT_PRIORITY" );

    if( ( isCloseFailure( OTA_PAL_MAIN_ERR( OTA_PAL_COMBINE_ERR( OtaPalFileClose, 7U ) ) ) != 1 ) ||
        ( isCloseFailure( OtaPalSuccess ) != 0 ) )
    {
        printf( "mismatch: PAL status macros in switch\n" );
        failures++;
    }

    return ( failures == 0 ) ? 0 : 1;
}
